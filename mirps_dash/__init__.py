"""mirps-dash: asylum claims, refugees, COMAR offices and pledges in Mexico (MIRPS / Global Compact on Refugees)."""

// Keeps (or forgets) the staff sign-in token in this browser. mirps_dash/ui.py's write_staff_cookie adds a
// <script> tag that loads this file with the token in its data- attributes: same origin and no inline code, so
// the pages' Content-Security-Policy (script-src 'self') holds. Streamlit 1.67 reads cookies but sets none.
(function () {
  var tag = document.currentScript;
  if (!tag || !tag.dataset.name) {
    return;
  }
  var secure = window.location.protocol === "https:" ? "; Secure" : "";
  var value = encodeURIComponent(tag.dataset.token || "");
  var maxAge = parseInt(tag.dataset.maxAge || "0", 10) || 0;
  document.cookie = tag.dataset.name + "=" + value + "; Path=/; Max-Age=" + maxAge + "; SameSite=Strict" + secure;
})();

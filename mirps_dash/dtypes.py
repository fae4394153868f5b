"""Column dtypes, in one place: a pandera model's dtype -> 'int', 'float' or 'text', and each kind's pandas dtype
(`as_kind`, whatever the values come from) and SQL type, so the validator, the store's tables and its readers agree on what a column holds."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pandera
import pyarrow as pa
import sqlalchemy as sa
from pandas.api.extensions import ExtensionArray


def dtype_kind(dtype: object) -> str:
    """'int' for the models' nullable Int64, 'float' for floats, 'text' for everything else."""
    name = str(dtype)
    if name == "Int64":
        return "int"
    if name.startswith("float"):
        return "float"
    return "text"


def model_kinds(model: type[pandera.DataFrameModel]) -> dict[str, str]:
    """Each column of a pandera model -> its kind, in the model's order."""
    return {name: dtype_kind(spec.dtype) for name, spec in model.to_schema().columns.items()}


def sql_type(kind: str) -> sa.types.TypeEngine:
    """The store's column type for a kind: BIGINT, FLOAT or TEXT."""
    return {"int": sa.BigInteger, "float": sa.Float}.get(kind, sa.Text)()


def sql_kind(column: sa.Column) -> str:
    """The kind of a store column, read back from its SQL type."""
    if isinstance(column.type, sa.BigInteger | sa.Integer):
        return "int"
    if isinstance(column.type, sa.Float):
        return "float"
    return "text"


def as_kind(values: pd.Series | pa.ChunkedArray | tuple, kind: str) -> pd.Series | ExtensionArray | np.ndarray:
    """Values in a kind's pandas dtype (int: nullable Int64, float: float64, text: str), from a pandas column, a pyarrow
    column (PostgreSQL's rows, read by pyarrow) or a tuple of Python values (SQLite's rows); a missing number is NA."""
    if isinstance(values, pa.ChunkedArray):
        if kind == "int":
            return pd.array(values.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get), dtype="Int64")
        if kind == "float":
            return values.to_numpy(zero_copy_only=False).astype("float64")
        return pd.array(values.combine_chunks(), dtype="str") if values.num_chunks else pd.array([], dtype="str")
    if isinstance(values, tuple):
        if kind == "int":
            return pd.array(values, dtype="Int64")
        if kind == "float":
            return np.array(values, dtype="float64")
        return pd.array(pa.array(values, type=pa.large_string()), dtype="str")
    if kind == "int":
        if values.dtype == object:  # Python ints and missing values: through Float64, as pandas reads them
            return values.astype("Float64").astype("Int64")
        return pd.to_numeric(values).astype("Int64")
    if kind == "float":
        return pd.to_numeric(values, errors="coerce").astype("float64")
    return values.astype("str")


def with_model_dtypes(model: type[pandera.DataFrameModel], frame: pd.DataFrame) -> pd.DataFrame:
    """Nullable integers, floats and text as in the model (the database hands back objects), in place."""
    for name, kind in model_kinds(model).items():
        frame[name] = as_kind(frame[name], kind)
    return frame


def coerce_to_model(model: type[pandera.DataFrameModel], frame: pd.DataFrame) -> pd.DataFrame:
    """A new frame with the model's columns and dtypes; a text column the frame lacks is empty text."""
    out = pd.DataFrame(index=frame.index)
    for name, kind in model_kinds(model).items():
        if kind == "text" and name not in frame:  # a column newer than the frame (approx, producer): empty, as uploaded
            out[name] = pd.Series("", index=frame.index, dtype="str")
        else:
            out[name] = as_kind(frame[name], kind)
    return out

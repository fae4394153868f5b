"""Column dtypes, in one place: a pandera model's dtype -> 'int', 'float' or 'text', and each kind's pandas dtype
and SQL type, so the validator, the store's tables and its readers agree on what a column holds."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
import sqlalchemy as sa


def dtype_kind(dtype: object) -> str:
    """'int' for the models' nullable Int64, 'float' for floats, 'text' for everything else."""
    name = str(dtype)
    if name == "Int64":
        return "int"
    if name.startswith("float"):
        return "float"
    return "text"


def model_kinds(model: type[pa.DataFrameModel]) -> dict[str, str]:
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


def with_model_dtypes(model: type[pa.DataFrameModel], frame: pd.DataFrame) -> pd.DataFrame:
    """Nullable integers, floats and text as in the model (the database hands back objects), in place."""
    for name, kind in model_kinds(model).items():
        if kind == "int":
            frame[name] = pd.to_numeric(frame[name]).astype("Int64")
        elif kind == "float":
            frame[name] = pd.to_numeric(frame[name]).astype("float64")
        else:
            frame[name] = frame[name].astype("str")
    return frame


def coerce_to_model(model: type[pa.DataFrameModel], frame: pd.DataFrame) -> pd.DataFrame:
    """A new frame with the model's columns and dtypes; a text column the frame lacks is empty text."""
    out = pd.DataFrame(index=frame.index)
    for name, kind in model_kinds(model).items():
        if kind == "int":
            column = frame[name]
            if column.dtype == object:  # Python ints and missing values: through Float64, as pandas reads them
                out[name] = pd.array(column.astype("Float64"), dtype="Int64")  # type: ignore[call-overload]
            else:
                out[name] = column.astype("Int64")
        elif kind == "float":
            out[name] = pd.to_numeric(frame[name], errors="coerce").astype("float64")
        elif name not in frame:  # a text column newer than the frame (approx, producer): empty, as in an upload
            out[name] = pd.Series("", index=frame.index, dtype="str")
        else:
            out[name] = frame[name].astype("str")
    return out

"""JSON Schemas for editors and other tools, generated from the models, never written by hand."""

from __future__ import annotations

import json

from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode

from cspgen.plan import schema
from cspgen.plan.opendata import SCHEMA_NAME, PlanData

SCHEMA_FILES: dict[str, type[BaseModel]] = {
    "plan.schema.json": schema.Plan,
    "priority.schema.json": schema.Priority,
    "glossary.schema.json": schema.Glossary,
    "definitions.schema.json": schema.Definitions,
    "partners.schema.json": schema.SharedPartners,
    "police-and-crime-plan.schema.json": schema.PoliceAndCrimePlan,
}
# plan.json describes what cspgen writes, so its schema is the models' serialisation schema.
OUTPUT_SCHEMA_FILES: dict[str, type[BaseModel]] = {SCHEMA_NAME: PlanData}


def schema_files() -> dict[str, str]:
    files = {name: _schema_text(name, model, "validation") for name, model in SCHEMA_FILES.items()}
    files |= {name: _schema_text(name, model, "serialization") for name, model in OUTPUT_SCHEMA_FILES.items()}
    return files


def _schema_text(name: str, model: type[BaseModel], mode: JsonSchemaMode) -> str:
    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": name,
        **model.model_json_schema(mode=mode),
    }
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"

"""JSON Schemas for editors and other tools, generated from the models, never written by hand."""

from __future__ import annotations

import json

from pydantic import BaseModel

from cspgen.plan import schema

SCHEMA_FILES: dict[str, type[BaseModel]] = {
    "plan.schema.json": schema.Plan,
    "priority.schema.json": schema.Priority,
    "glossary.schema.json": schema.Glossary,
    "definitions.schema.json": schema.Definitions,
    "partners.schema.json": schema.SharedPartners,
    "police-and-crime-plan.schema.json": schema.PoliceAndCrimePlan,
}


def schema_files() -> dict[str, str]:
    files = {}
    for name, model in SCHEMA_FILES.items():
        document = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": name,
            **model.model_json_schema(),
        }
        files[name] = json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return files

"""The parts cspgen writes from the plan's data: priorities, action plan, measures, assessment, glossary."""

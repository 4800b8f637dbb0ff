"""The campaign timeline and task board: stages, milestones, tasks and their writes."""

"""Everything shown: translations, charts, display tables, the meeting deck."""

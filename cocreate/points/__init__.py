"""The point ledger (点位台账, issue 21): inspection points with their unit and WGS-84 place,
their import (intake), the district boundary test (geo) and the per-point counts (ledger)."""

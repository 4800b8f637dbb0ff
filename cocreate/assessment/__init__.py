"""Civilized City assessment: score projection, results intake, material readiness, questionnaires."""

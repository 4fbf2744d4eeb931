"""Monitoring and evaluation (pemantauan dan evaluasi): records, due dates, scaffolding."""

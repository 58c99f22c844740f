"""The live debrief: its seats, its changes (actions), its screens (panels), what a decision
records for the reports (outcomes) and its exported record."""

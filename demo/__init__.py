"""Demo data for both apps (`manage.py demo`): it sees contest and practices; nothing of the portal imports it."""

"""Every write of the outreach app: questions to the territorial commission and the public FAQ (questions.py)."""

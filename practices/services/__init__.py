"""Every write of the best-practice app goes through here: reports and their review, surveys, reminders."""

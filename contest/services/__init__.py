"""Every write of the contest app goes through here, one module per area; see each module's functions."""

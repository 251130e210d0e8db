"""What every app shares: the workflow door, the audit log, notifications, permissions, the value codec, view helpers.

core imports nothing of contest, practices or regions (an import-linter contract keeps it so): the apps plug their
state tables, audiences and action texts into it.
"""

"""Pages of the credit-repair procedure beside viewflow's own: intake, reminders, cases."""

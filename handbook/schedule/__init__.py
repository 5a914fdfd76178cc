"""When training happens: agenda clock times (the only agenda arithmetic), cohort plans and calendars."""

"""Gotong royong: events, invitations, RSVP, reminders and check-in (service), and one module per chat flow."""

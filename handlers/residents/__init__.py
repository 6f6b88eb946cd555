"""Residents: who wrote (identities, merging, erasure), registering into an RT, linking channels, group chats."""

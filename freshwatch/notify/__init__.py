"""Telling people: the daily digest (what each unit must fix) and the channels it goes out on."""

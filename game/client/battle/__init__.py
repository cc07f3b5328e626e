"""The battle screen in parts: `screen.BattleScreen` composes the layout and action bar, the
orders, the previews, the input, the minimap, the playback of events, the message log and
the enemy's phase."""

"""Tables of the intel concern. Only modules inside broadsheet.storage query them."""

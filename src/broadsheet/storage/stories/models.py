"""Tables of the stories concern. Only modules inside broadsheet.storage query them."""

"""Tables of the community concern. Only modules inside broadsheet.storage query them."""

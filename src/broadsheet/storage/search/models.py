"""Tables of the search concern. Only modules inside broadsheet.storage query them."""

"""Routes of the Google Reader compatible API."""

from django.urls import path

from broadsheet.greader import _atom, _edit, _login, _streams, _subs

P = "reader/api/0/"

urlpatterns = [
    path("accounts/ClientLogin", _login.client_login, name="greader_login"),
    path(P + "token", _login.token, name="greader_token"),
    path(P + "user-info", _login.user_info, name="greader_user_info"),
    path(P + "subscription/list", _subs.subscription_list, name="greader_subscriptions"),
    path(P + "subscription/edit", _subs.subscription_edit, name="greader_subscription_edit"),
    path(P + "subscription/quickadd", _subs.quickadd, name="greader_quickadd"),
    path(P + "tag/list", _subs.tag_list, name="greader_tags"),
    path(P + "unread-count", _subs.unread_count, name="greader_unread_count"),
    path(P + "stream/items/ids", _streams.item_ids, name="greader_item_ids"),
    path(P + "stream/items/contents", _streams.items_contents, name="greader_items_contents"),
    path(P + "stream/contents", _streams.stream_contents, name="greader_reading_list"),
    path(P + "stream/contents/<path:stream_id>", _streams.stream_contents, name="greader_stream"),
    path(P + "preference/list", _subs.preferences, name="greader_preferences"),
    path(P + "preference/stream/list", _subs.stream_preferences, name="greader_stream_preferences"),
    path(P + "edit-tag", _edit.edit_tag, name="greader_edit_tag"),
    path(P + "mark-all-as-read", _edit.mark_all_as_read, name="greader_mark_all_read"),
    path("reader/atom/<path:stream_id>", _atom.atom_stream, name="greader_atom"),
]

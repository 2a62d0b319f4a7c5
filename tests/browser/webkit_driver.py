#!/usr/bin/python3
"""Opens a URL in WebKitGTK (WebKit2 4.1) and writes the console to stderr.

Usage: webkit_driver.py URL DATA_DIR     (under an X server: xvfb-run -a)
       webkit_driver.py --check          exit status 0 when WebKitGTK 4.1 can be loaded

The pages navigate by themselves; the caller stops this process when they have reported. A
page may also end the run by setting document.title to "cors-finished". Console messages are
only written for an on-disk (not ephemeral) data directory, hence DATA_DIR. Every request
except to loopback goes to a proxy that refuses connections.
"""
import os
import sys

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
from gi.repository import Gtk, WebKit2  # noqa: E402

if sys.argv[1:] == ["--check"]:
    sys.exit(0)
url, data_dir = sys.argv[1], sys.argv[2]
manager = WebKit2.WebsiteDataManager(
    base_data_directory=os.path.join(data_dir, "data"),
    base_cache_directory=os.path.join(data_dir, "cache"),
)
manager.set_network_proxy_settings(
    WebKit2.NetworkProxyMode.CUSTOM,
    WebKit2.NetworkProxySettings.new("http://127.0.0.1:9", ["localhost", "*.localhost", "127.0.0.1"]),
)
context = WebKit2.WebContext.new_with_website_data_manager(manager)
view = WebKit2.WebView.new_with_context(context)
view.get_settings().set_enable_write_console_messages_to_stdout(True)  # it writes to stderr
window = Gtk.OffscreenWindow()
window.add(view)
window.show_all()
view.connect("notify::title",
             lambda v, _: Gtk.main_quit() if v.get_title() == "cors-finished" else None)
view.load_uri(url)
Gtk.main()

// Headless Firefox ESR. Its CORS errors never reach stdout by themselves (only console.* calls
// do), so an AutoConfig script registers a console listener that dump()s every message. Gecko
// reads AutoConfig only from its installation directory, which it finds from /proc/self/exe: the
// run gets a copy of the installation made of symlinks, with a copied executable.
#include <cstdlib>
#include <fstream>

#include "engines.hpp"

namespace cors::browser_tests {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view console_marker = "CORS-CONSOLE\t";

// Prints every console message on stdout, one line each: marker, category, text.
constexpr std::string_view autoconfig_script = R"(// cors browser tests: console to stdout
Components.classes["@mozilla.org/consoleservice;1"]
  .getService(Components.interfaces.nsIConsoleService)
  .registerListener({
    observe(message) {
      let category = "plain", text = String(message.message);
      try {
        const error = message.QueryInterface(Components.interfaces.nsIScriptError);
        category = error.category;
        text = error.errorMessage;
      } catch (e) {}
      dump("CORS-CONSOLE\t" + category + "\t" + text.replace(/\n/g, " ") + "\n");
    }
  });
)";

// Nothing but loopback, no updates, telemetry, captive-portal or safe-browsing checks.
constexpr std::string_view profile_prefs = R"(user_pref("browser.dom.window.dump.enabled", true);
user_pref("network.proxy.type", 1);
user_pref("network.proxy.http", "127.0.0.1");
user_pref("network.proxy.http_port", 9);
user_pref("network.proxy.ssl", "127.0.0.1");
user_pref("network.proxy.ssl_port", 9);
user_pref("network.proxy.no_proxies_on", "localhost, .localhost, 127.0.0.1");
user_pref("network.proxy.allow_hijacking_localhost", false);
user_pref("app.update.disabledForTesting", true);
user_pref("app.update.auto", false);
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("datareporting.healthreport.uploadEnabled", false);
user_pref("toolkit.telemetry.enabled", false);
user_pref("toolkit.telemetry.server", "");
user_pref("network.captive-portal-service.enabled", false);
user_pref("network.connectivity-service.enabled", false);
user_pref("browser.safebrowsing.malware.enabled", false);
user_pref("browser.safebrowsing.phishing.enabled", false);
user_pref("browser.safebrowsing.downloads.enabled", false);
user_pref("browser.safebrowsing.blockedURIs.enabled", false);
user_pref("browser.safebrowsing.provider.mozilla.updateURL", "");
user_pref("services.settings.server", "http://127.0.0.1:9/v1");
user_pref("extensions.update.enabled", false);
user_pref("extensions.getAddons.cache.enabled", false);
user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("browser.startup.homepage_override.mstone", "ignore");
user_pref("browser.aboutwelcome.enabled", false);
user_pref("browser.startup.page", 0);
user_pref("browser.newtabpage.enabled", false);
user_pref("network.dns.disablePrefetch", true);
user_pref("network.prefetch-next", false);
user_pref("dom.allow_scripts_to_close_windows", true);
)";

void write_file(const fs::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// A copy of the installation at `install`, with the AutoConfig files added; returns the copied
// executable.
fs::path installation_copy(const fs::path& executable, const fs::path& copy) {
  const fs::path install = executable.parent_path();
  fs::create_directories(copy / "defaults" / "pref");
  for (const fs::directory_entry& entry : fs::directory_iterator(install)) {
    const fs::path name = entry.path().filename();
    if (name == executable.filename() || name == "defaults" || name == "firefox-bin") continue;
    fs::create_directory_symlink(entry.path(), copy / name);
  }
  if (fs::is_directory(install / "defaults" / "pref"))
    for (const fs::directory_entry& entry : fs::directory_iterator(install / "defaults" / "pref"))
      fs::create_symlink(entry.path(), copy / "defaults" / "pref" / entry.path().filename());
  fs::copy_file(executable, copy / executable.filename());
  write_file(copy / "defaults" / "pref" / "cors-autoconfig.js",
             "pref(\"general.config.filename\", \"cors-console.cfg\");\n"
             "pref(\"general.config.obscure_value\", 0);\n"
             "pref(\"general.config.sandbox_enabled\", false);\n");
  write_file(copy / "cors-console.cfg", autoconfig_script);
  return copy / executable.filename();
}

}  // namespace

std::optional<std::string> find_firefox() {
  if (const char* configured = std::getenv("CORS_TEST_FIREFOX"); configured && *configured)
    return std::string(configured);
  if (auto found = in_path("firefox-esr")) return found;
  return in_path("firefox");
}

std::vector<std::string> firefox_command(const std::string& program, const fs::path& dir,
                                         const std::string& url) {
  const fs::path executable = installation_copy(fs::canonical(program), dir / "firefox");
  fs::create_directories(dir / "profile");
  write_file(dir / "profile" / "user.js", profile_prefs);
  // MOZ_REMOTE_SETTINGS_DEVTOOLS: without it Gecko ignores services.settings.server and tries
  // the internet at start-up.
  return {"env",
          "MOZ_HEADLESS=1",
          "MOZ_CRASHREPORTER_DISABLE=1",
          "MOZ_REMOTE_SETTINGS_DEVTOOLS=1",
          "TMPDIR=" + dir.string(),
          executable.string(),
          "--headless",
          "--no-remote",
          "--profile",
          (dir / "profile").string(),
          url};
}

// "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at
// URL. (Reason: ...)": the URL (sometimes in ‘ ’), and the message from "(Reason: " on.
std::vector<console_entry> firefox_console(std::string_view out) {
  constexpr std::string_view at = "the remote resource at ";
  constexpr std::string_view reason = " (Reason: ";
  std::vector<console_entry> found;
  for (std::size_t start = 0; start < out.size();) {
    std::size_t end = out.find('\n', start);
    if (end == std::string_view::npos) end = out.size();
    std::string_view line = out.substr(start, end - start);
    start = end + 1;
    if (line.substr(0, console_marker.size()) != console_marker) continue;
    line.remove_prefix(console_marker.size());
    const std::size_t tab = line.find('\t');
    if (tab == std::string_view::npos || line.substr(0, 4) != "CORS") continue;
    const std::string_view text = line.substr(tab + 1);
    const std::size_t url_at = text.find(at);
    const std::size_t reason_at = text.find(reason);
    if (url_at == std::string_view::npos || reason_at == std::string_view::npos ||
        reason_at < url_at)
      continue;
    std::string_view url = text.substr(url_at + at.size(), reason_at - url_at - at.size());
    for (std::string_view suffix : {std::string_view("."), std::string_view(" soon")})
      if (url.size() >= suffix.size() && url.substr(url.size() - suffix.size()) == suffix)
        url.remove_suffix(suffix.size());
    constexpr std::string_view open = "\u2018", close = "\u2019";
    if (url.substr(0, open.size()) == open) url.remove_prefix(open.size());
    if (url.size() >= close.size() && url.substr(url.size() - close.size()) == close)
      url.remove_suffix(close.size());
    console_entry e;
    e.url = std::string(url);
    e.message = std::string(text.substr(reason_at + 1));
    e.line = std::string(text);
    e.warning = text.find("Cross-Origin Request Warning") == 0;
    found.push_back(std::move(e));
  }
  return found;
}

}  // namespace cors::browser_tests

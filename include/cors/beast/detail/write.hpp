// The generic adapter helpers (cors/adapter.hpp) on Beast messages: a response's lines offered
// to them, and their headers written through Beast's own calls.
#ifndef CORS_BEAST_DETAIL_WRITE_HPP
#define CORS_BEAST_DETAIL_WRITE_HPP

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/message.hpp>
#include <string_view>

#include "cors/beast/detail/text.hpp"

namespace cors::beast::detail {

// Lines is cors::response_lines or cors::vary_lines.
template <class Lines, class Fields>
void offer(Lines& lines, const boost::beast::http::header<false, Fields>& response) noexcept {
  for (const auto& field : response) lines.add(to_std(field.name_string()), to_std(field.value()));
}

// Inserted, never set: the application's other lines of the same name stay.
template <class Lines, class Fields>
void write(Lines& lines, boost::beast::http::header<false, Fields>& response) {
  namespace http = boost::beast::http;
  lines.write(
      [&response](std::string_view name, std::string_view value) {
        if (const http::field field = field_of(name); field != http::field::unknown) {
          response.insert(field, to_beast(value));
        } else {
          response.insert(to_beast(name), to_beast(value));
        }
      },
      [&response](std::string_view name) { response.erase(to_beast(name)); });
}

}  // namespace cors::beast::detail

#endif  // CORS_BEAST_DETAIL_WRITE_HPP

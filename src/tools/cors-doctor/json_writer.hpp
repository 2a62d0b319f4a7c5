// A small JSON writer for cors-doctor's --json output: objects, arrays, strings, numbers,
// booleans and null, indented by two spaces. Strings are escaped per RFC 8259; bytes that are
// not valid UTF-8 (header values are bytes) are written as \u00XX, their Latin-1 reading.
#ifndef CORS_SRC_DOCTOR_JSON_WRITER_HPP
#define CORS_SRC_DOCTOR_JSON_WRITER_HPP

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cors::doctor {

std::string json_string(std::string_view bytes);

class json_writer {
 public:
  json_writer& begin_object();
  json_writer& end_object();
  json_writer& begin_array();
  json_writer& end_array();
  json_writer& key(std::string_view name);  // inside an object, before each value

  json_writer& value(std::string_view text);
  json_writer& value(const char* text) { return value(std::string_view(text)); }
  json_writer& value(const std::string& text) { return value(std::string_view(text)); }
  json_writer& value(long long number);
  json_writer& value(int number) { return value(static_cast<long long>(number)); }
  json_writer& value(bool flag);
  json_writer& null();
  json_writer& value(const std::vector<std::string>& texts);
  template <class T>
  json_writer& value(const std::optional<T>& v) {
    return v ? value(*v) : null();
  }

  const std::string& text() const { return out_; }

 private:
  void before_value();
  void close(char bracket);
  std::string out_;
  std::vector<bool> has_items_;  // per open bracket
  bool after_key_ = false;
};

}  // namespace cors::doctor

#endif  // CORS_SRC_DOCTOR_JSON_WRITER_HPP

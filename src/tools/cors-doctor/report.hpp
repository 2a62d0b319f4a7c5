// What cors-doctor prints: both exchanges as they went over the wire, the verdict and console
// message of the engine asked for (or of each engine), and what to change on the server; as text
// for people or as one JSON object, which carries every engine's verdict.
#ifndef CORS_SRC_DOCTOR_REPORT_HPP
#define CORS_SRC_DOCTOR_REPORT_HPP

#include <optional>
#include <string>
#include <string_view>

#include "cors/checker.hpp"
#include "http_client.hpp"

namespace cors::doctor {

struct exchange_record {
  sent_request request;
  std::optional<received_response> response;  // empty when the network failed
};

struct outcome {
  checker::request_plan plan;
  std::optional<exchange_record> preflight;
  std::optional<exchange_record> actual;
  // Every engine's verdict, in the order of checker::engine; empty when the network failed.
  std::vector<checker::verdict> verdicts;
  std::optional<checker::engine> browser;    // the engine asked for; nullopt: all of them
  std::optional<std::string> network_error;  // what failed, when it did
  bool strict = false;                       // the Fetch Standard's verdict decides
};

// The engines whose verdicts decide: the one asked for, or all three.
std::vector<checker::engine> deciding_engines(const outcome& o);

// 0 allowed, 1 blocked (by the engine asked for, or by any engine under --browser all; under
// --strict by the Fetch Standard too), 3 network.
int exit_status_of(const outcome& o);

std::string text_report(const outcome& o);
std::string json_report(const outcome& o);

// Header bytes as a terminal shows them: control bytes other than tab and newline as \xNN.
std::string printable(std::string_view text);

// The response as the checker sees it.
checker::http_response to_checker(const received_response& r);

}  // namespace cors::doctor

#endif  // CORS_SRC_DOCTOR_REPORT_HPP

#pragma once
// Calendar months as studies and files write them ("YYYY-MM"), and the UTC time stamp of a
// file's provenance (docs/output-format.md §1).
#include <string>
#include <string_view>

namespace fundsim {

// Months since January of year 0 of a valid "YYYY-MM" (the study reader checks the form).
int month_number(std::string_view year_month);

// The "YYYY-MM" that is `offset` months after (or before, if negative) `year_month`.
std::string calendar_month(std::string_view year_month, int offset);

// Now, as "YYYY-MM-DDTHH:MM:SSZ".
std::string utc_timestamp();

}  // namespace fundsim

#pragma once
// Numbers for people: rounded to significant figures, with thousands separators, as tables and
// messages print them (3 significant figures by default, as in a policy brief), or in full.
#include <string>

namespace fundsim {

struct NumberStyle {
  int digits = 3;     // significant figures, 1..17; 0: full precision (shortest exact text)
  bool group = true;  // thousands separators: 23,600,000
  bool sign = false;  // "+" before values above zero (after rounding)
};

// 40012345 -> "40,000,000", 0.71534 -> "0.715", -1234.5 -> "-1,230", 999.6 -> "1,000",
// 12 -> "12.0" (trailing zeros kept: they are significant). Zero, and anything that rounds to
// it, is "0". Magnitudes from 1e15 up or below 1e-4 are written 1.23e+15 / 1.23e-05. NaN is
// "n/a", infinities "inf" and "-inf".
std::string format_significant(double v, NumberStyle style = {});

// A share as a percentage for "in X% of replicates": 3 significant figures without trailing
// zeros ("24%", "4.67%", "0.333%"), never "0%" or "100%" unless exactly so.
std::string format_percent(double fraction);

}  // namespace fundsim

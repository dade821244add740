#include "cli/exit_codes.hpp"

#include <boost/program_options/errors.hpp>
#include <cstring>
#include <iostream>
#include <new>

#include "calibration/calibration_errors.hpp"
#include "errors.hpp"

namespace fundsim::cli {

int report_error(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const fundsim::Interrupted& e) {
    std::cerr << "fundsim: stopped by signal " << e.signal << " (" << strsignal(e.signal)
              << "); no output was written\n";
    return 128 + e.signal;
  } catch (const fundsim::calibration::NoPlausibleRegion& e) {
    // The data contradict the model and its priors: the input is at fault (docs/calibration.md).
    std::cerr << "fundsim calibrate: " << e.what() << '\n';
    return 2;
  } catch (const fundsim::InputError& e) {
    std::cerr << e.what() << '\n';
    return 2;
  } catch (const boost::program_options::error& e) {
    std::cerr << "fundsim: " << e.what() << " (see fundsim <command> --help)\n";
    return 2;
  } catch (const fundsim::OutputError& e) {
    std::cerr << e.what() << '\n';
    return 3;
  } catch (const fundsim::NumericError& e) {
    std::cerr << e.what() << '\n';  // starts with the study file
    return 1;
  } catch (const fundsim::Error& e) {
    std::cerr << "fundsim: " << e.what() << '\n';
    return 1;
  } catch (const std::bad_alloc&) {
    std::cerr << "fundsim: out of memory\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "fundsim: internal error: " << e.what() << '\n';
    return 1;
  }
}

}  // namespace fundsim::cli

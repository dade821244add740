#pragma once
// The one thin layer over the HDF5 C API: every call is checked here and a failure becomes an
// OutputError that says what was being done to which object. Nothing else includes hdf5.h.
#include <hdf5.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace fundsim::h5 {

// Throws OutputError("<what>: <context>: <HDF5 error stack summary>") when status < 0.
hid_t check(hid_t status, const char* what, const std::string& context);

// Owns an HDF5 identifier and closes it with the matching H5*close.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle() = default;
  Handle(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& o) noexcept : id_(std::exchange(o.id_, H5I_INVALID_HID)), closer_(o.closer_) {}
  Handle& operator=(Handle&& o) noexcept {
    if (this != &o) {
      reset();
      id_ = std::exchange(o.id_, H5I_INVALID_HID);
      closer_ = o.closer_;
    }
    return *this;
  }
  ~Handle() { reset(); }
  hid_t id() const { return id_; }
  // Closes now and reports failure (a close can be where buffered data reach the disk).
  void close(const std::string& context);

 private:
  void reset() noexcept {
    if (id_ >= 0 && closer_) closer_(id_);
    id_ = H5I_INVALID_HID;
  }
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

// Silences HDF5's automatic error printing for the lifetime of the process part that writes;
// errors are reported through exceptions instead.
void silence_error_stack();

Handle create_file(const std::string& path);
Handle open_file_read(const std::string& path);

enum class Compression { none, deflate };

struct DatasetSpec {
  std::string name;
  hid_t type = H5T_NATIVE_DOUBLE;  // memory and file type (native)
  std::vector<hsize_t> dims;
  std::vector<hsize_t> chunk;     // empty: contiguous
  std::vector<hsize_t> max_dims;  // empty: fixed dims; H5S_UNLIMITED to grow (chunked)
  Compression compression = Compression::none;
  std::size_t chunk_cache_bytes = 0;  // 0: HDF5 default
  bool has_fill = false;
  double fill = 0;  // converted to `type`
};

Handle create_dataset(hid_t file, const DatasetSpec& spec);
// Grows (or shrinks) a dataset created with max_dims.
void set_extent(hid_t dataset, const std::vector<hsize_t>& dims, const std::string& name);
Handle open_dataset(hid_t file, const std::string& name);

// The file and memory dataspaces of a hyperslab (offset, count) of a dataset.
struct Slab {
  Handle file_space;
  Handle mem_space;
};
Slab select_slab(hid_t dataset, const std::vector<hsize_t>& offset,
                 const std::vector<hsize_t>& count, const std::string& name);

// Writes a hyperslab (offset, count) of a dataset from a C-order buffer of the dataset's type.
void write_hyperslab(hid_t dataset, hid_t mem_type, const std::vector<hsize_t>& offset,
                     const std::vector<hsize_t>& count, const void* data, const std::string& name);
void write_all(hid_t dataset, hid_t mem_type, const void* data, const std::string& name);

// Variable-length UTF-8 string type (what netCDF-4 readers expect).
Handle vlen_utf8_type();
void write_strings(hid_t dataset, const std::vector<std::string>& values, const std::string& name);

// Attributes on a file (root group) or dataset.
void set_attribute(hid_t object, const std::string& name, const std::string& value);
void set_attribute(hid_t object, const std::string& name, double value);
void set_attribute(hid_t object, const std::string& name, std::int64_t value);
void set_attribute_typed(hid_t object, const std::string& name, hid_t type, const void* value);

// Dimension scales (netCDF-4 dimensions).
void make_scale(hid_t dataset, const std::string& dimension_name);
void attach_scale(hid_t dataset, hid_t scale, unsigned axis, const std::string& context);

// A group (netCDF-4 readers that open the root group do not see its contents).
Handle create_group(hid_t file, const std::string& name);

// Reading (engine/output/h5_read.cpp). Every call is checked; errors name the file and object.
bool has_dataset(hid_t file, const std::string& name);
// Shape of a dataset.
std::vector<hsize_t> dataset_shape(hid_t file, const std::string& name);
// Whole numeric dataset converted to double (C order).
std::vector<double> read_doubles(hid_t file, const std::string& name);
// Whole 1-D string dataset (variable- or fixed-length).
std::vector<std::string> read_strings(hid_t file, const std::string& name);
// Reads a hyperslab (offset, count) into a C-order buffer of `mem_type`.
void read_hyperslab(hid_t dataset, hid_t mem_type, const std::vector<hsize_t>& offset,
                    const std::vector<hsize_t>& count, void* data, const std::string& name);
// Whole 1-D byte dataset.
std::vector<std::uint8_t> read_bytes(hid_t file, const std::string& name);
bool has_attribute(hid_t object, const std::string& name);
// Text attribute (fixed- or variable-length string).
std::string read_text_attribute(hid_t object, const std::string& name);
// Numeric scalar attribute converted to double.
double read_number_attribute(hid_t object, const std::string& name);

}  // namespace fundsim::h5

#include "output/h5.hpp"

#include <hdf5_hl.h>

#include <cstring>
#include <string_view>

#include "errors.hpp"

namespace fundsim::h5 {

namespace {

struct ErrorText {
  std::string summary;  // the outermost descriptions
  std::string system;   // the operating system's reason, e.g. "No space left on device"
};

herr_t collect_error(unsigned n, const H5E_error2_t* err, void* client) {
  auto* text = static_cast<ErrorText*>(client);
  if (!err || !err->desc) return 0;
  if (n < 3) {
    if (!text->summary.empty()) text->summary.append("; ");
    text->summary.append(err->desc);
  }
  // The file driver reports a failed system call as "... errno = 28, error message = '...'".
  const std::string_view desc(err->desc);
  const std::string_view key = "error message = '";
  if (const auto at = desc.find(key); at != std::string_view::npos && text->system.empty()) {
    const auto begin = at + key.size();
    const auto end = desc.find('\'', begin);
    text->system =
        std::string(desc.substr(begin, end == std::string_view::npos ? end : end - begin));
  }
  return 0;
}

std::string error_stack_text() {
  ErrorText text;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, collect_error, &text);
  if (text.system.empty()) return text.summary;
  return text.system + (text.summary.empty() ? "" : "; " + text.summary);
}

// HDF5 closes files still open at exit in an atexit handler. A file whose flush failed (disk
// full) stays open in a broken state, and HDF5 1.10 crashes closing it again at exit; the
// writer closes every file explicitly and checks, and the temporary file is removed anyway,
// so the handler is turned off. Must run before the library initialises: at static
// initialisation, before main.
const bool kNoHdf5Atexit = [] {
  H5dont_atexit();
  return true;
}();

}  // namespace

hid_t check(hid_t status, const char* what, const std::string& context) {
  if (status < 0) {
    std::string detail = error_stack_text();
    H5Eclear2(H5E_DEFAULT);
    std::string message = context + ": " + what + " failed";
    if (!detail.empty()) message += " (" + detail + ")";
    throw OutputError(message);
  }
  return status;
}

void Handle::close(const std::string& context) {
  if (id_ >= 0 && closer_) {
    const herr_t status = closer_(id_);
    id_ = H5I_INVALID_HID;
    check(status, "close", context);
  }
}

void silence_error_stack() {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

Handle create_file(const std::string& path) {
  Handle fcpl(check(H5Pcreate(H5P_FILE_CREATE), "H5Pcreate", path), H5Pclose);
  // netCDF-4 tracks creation order; readers list variables in that order.
  check(H5Pset_link_creation_order(fcpl.id(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
        "H5Pset_link_creation_order", path);
  check(H5Pset_attr_creation_order(fcpl.id(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
        "H5Pset_attr_creation_order", path);
  // Attributes always in dense storage, so the study text may exceed 64 KiB.
  check(H5Pset_attr_phase_change(fcpl.id(), 0, 0), "H5Pset_attr_phase_change", path);
  // The 1.8 file format (what netCDF-C 4.9 writes), readable by MATLAB's bundled HDF5 1.8.
  Handle fapl(check(H5Pcreate(H5P_FILE_ACCESS), "H5Pcreate", path), H5Pclose);
  check(H5Pset_libver_bounds(fapl.id(), H5F_LIBVER_V18, H5F_LIBVER_V18), "H5Pset_libver_bounds",
        path);
  return Handle(
      check(H5Fcreate(path.c_str(), H5F_ACC_EXCL, fcpl.id(), fapl.id()), "create file", path),
      H5Fclose);
}

Handle open_file_read(const std::string& path) {
  return Handle(check(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "open file", path),
                H5Fclose);
}

Handle create_dataset(hid_t file, const DatasetSpec& spec) {
  const std::string& ctx = spec.name;
  Handle space(check(H5Screate_simple(static_cast<int>(spec.dims.size()), spec.dims.data(),
                                      spec.max_dims.empty() ? nullptr : spec.max_dims.data()),
                     "H5Screate_simple", ctx),
               H5Sclose);
  Handle dcpl(check(H5Pcreate(H5P_DATASET_CREATE), "H5Pcreate", ctx), H5Pclose);
  check(H5Pset_attr_creation_order(dcpl.id(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
        "H5Pset_attr_creation_order", ctx);
  if (!spec.chunk.empty()) {
    check(H5Pset_chunk(dcpl.id(), static_cast<int>(spec.chunk.size()), spec.chunk.data()),
          "H5Pset_chunk", ctx);
    if (spec.compression == Compression::deflate) {
      check(H5Pset_shuffle(dcpl.id()), "H5Pset_shuffle", ctx);
      check(H5Pset_deflate(dcpl.id(), 1), "H5Pset_deflate", ctx);
    }
  }
  if (spec.has_fill) {
    // Fill value property and a _FillValue attribute of the same type (docs/output-format.md §2).
    unsigned char buffer[16];
    check(H5Tconvert(H5T_NATIVE_DOUBLE, spec.type, 1,
                     std::memcpy(buffer, &spec.fill, sizeof(double)), nullptr, H5P_DEFAULT),
          "H5Tconvert fill", ctx);
    check(H5Pset_fill_value(dcpl.id(), spec.type, buffer), "H5Pset_fill_value", ctx);
  }
  Handle dapl(check(H5Pcreate(H5P_DATASET_ACCESS), "H5Pcreate", ctx), H5Pclose);
  if (spec.chunk_cache_bytes > 0) {
    check(H5Pset_chunk_cache(dapl.id(), 12421, spec.chunk_cache_bytes, 1.0), "H5Pset_chunk_cache",
          ctx);
  }
  Handle dataset(check(H5Dcreate2(file, spec.name.c_str(), spec.type, space.id(), H5P_DEFAULT,
                                  dcpl.id(), dapl.id()),
                       "create dataset", ctx),
                 H5Dclose);
  if (spec.has_fill) {
    unsigned char buffer[16];
    std::memcpy(buffer, &spec.fill, sizeof(double));
    check(H5Tconvert(H5T_NATIVE_DOUBLE, spec.type, 1, buffer, nullptr, H5P_DEFAULT),
          "H5Tconvert fill", ctx);
    set_attribute_typed(dataset.id(), "_FillValue", spec.type, buffer);
  }
  return dataset;
}

Handle open_dataset(hid_t file, const std::string& name) {
  return Handle(check(H5Dopen2(file, name.c_str(), H5P_DEFAULT), "open dataset", name), H5Dclose);
}

Slab select_slab(hid_t dataset, const std::vector<hsize_t>& offset,
                 const std::vector<hsize_t>& count, const std::string& name) {
  Handle file_space(check(H5Dget_space(dataset), "H5Dget_space", name), H5Sclose);
  check(H5Sselect_hyperslab(file_space.id(), H5S_SELECT_SET, offset.data(), nullptr, count.data(),
                            nullptr),
        "select hyperslab", name);
  Handle mem_space(check(H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr),
                         "H5Screate_simple", name),
                   H5Sclose);
  return Slab{std::move(file_space), std::move(mem_space)};
}

void write_hyperslab(hid_t dataset, hid_t mem_type, const std::vector<hsize_t>& offset,
                     const std::vector<hsize_t>& count, const void* data, const std::string& name) {
  const Slab slab = select_slab(dataset, offset, count, name);
  check(H5Dwrite(dataset, mem_type, slab.mem_space.id(), slab.file_space.id(), H5P_DEFAULT, data),
        "write", name);
}

void set_extent(hid_t dataset, const std::vector<hsize_t>& dims, const std::string& name) {
  check(H5Dset_extent(dataset, dims.data()), "H5Dset_extent", name);
}

Handle create_group(hid_t file, const std::string& name) {
  return Handle(check(H5Gcreate2(file, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                      "H5Gcreate2", name),
                H5Gclose);
}

void write_all(hid_t dataset, hid_t mem_type, const void* data, const std::string& name) {
  check(H5Dwrite(dataset, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "write", name);
}

Handle vlen_utf8_type() {
  Handle type(check(H5Tcopy(H5T_C_S1), "H5Tcopy", "string type"), H5Tclose);
  check(H5Tset_size(type.id(), H5T_VARIABLE), "H5Tset_size", "string type");
  check(H5Tset_cset(type.id(), H5T_CSET_UTF8), "H5Tset_cset", "string type");
  return type;
}

void write_strings(hid_t dataset, const std::vector<std::string>& values, const std::string& name) {
  std::vector<const char*> pointers;
  pointers.reserve(values.size());
  for (const auto& v : values) pointers.push_back(v.c_str());
  Handle type = vlen_utf8_type();
  write_all(dataset, type.id(), pointers.data(), name);
}

void set_attribute_typed(hid_t object, const std::string& name, hid_t type, const void* value) {
  Handle space(check(H5Screate(H5S_SCALAR), "H5Screate", name), H5Sclose);
  Handle attr(check(H5Acreate2(object, name.c_str(), type, space.id(), H5P_DEFAULT, H5P_DEFAULT),
                    "create attribute", name),
              H5Aclose);
  check(H5Awrite(attr.id(), type, value), "write attribute", name);
}

void set_attribute(hid_t object, const std::string& name, const std::string& value) {
  // Fixed-length, NULLTERM, scalar: what netCDF-C writes for text attributes.
  Handle type(check(H5Tcopy(H5T_C_S1), "H5Tcopy", name), H5Tclose);
  check(H5Tset_size(type.id(), value.empty() ? 1 : value.size()), "H5Tset_size", name);
  check(H5Tset_strpad(type.id(), H5T_STR_NULLTERM), "H5Tset_strpad", name);
  check(H5Tset_cset(type.id(), H5T_CSET_UTF8), "H5Tset_cset", name);
  const std::string padded = value.empty() ? std::string(1, '\0') : value;
  set_attribute_typed(object, name, type.id(), padded.data());
}

void set_attribute(hid_t object, const std::string& name, double value) {
  set_attribute_typed(object, name, H5T_NATIVE_DOUBLE, &value);
}

void set_attribute(hid_t object, const std::string& name, std::int64_t value) {
  set_attribute_typed(object, name, H5T_NATIVE_INT64, &value);
}

void make_scale(hid_t dataset, const std::string& dimension_name) {
  check(H5DSset_scale(dataset, dimension_name.c_str()), "H5DSset_scale", dimension_name);
}

void attach_scale(hid_t dataset, hid_t scale, unsigned axis, const std::string& context) {
  check(H5DSattach_scale(dataset, scale, axis), "H5DSattach_scale", context);
}

}  // namespace fundsim::h5

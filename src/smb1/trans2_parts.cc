#include "smb1/trans2_parts.h"

#include <algorithm>
#include <iterator>

namespace smbkit::smb1 {

bool TransactionAssembler::fits(const Ranges& ranges, uint32_t total, uint32_t displacement,
                                size_t count) {
  if (count == 0) return true;
  if (size_t{displacement} + count > total) return false;
  const size_t end = size_t{displacement} + count;
  auto next = ranges.upper_bound(displacement);  // first range starting after displacement
  if (next != ranges.end() && next->first < end) return false;
  if (next != ranges.begin() && std::prev(next)->second > displacement) return false;
  return true;
}

uint32_t TransactionAssembler::high_water(const Ranges& ranges) {
  // Ranges never overlap, so the last one to start is the last one to end.
  return ranges.empty() ? 0 : std::prev(ranges.end())->second;
}

void TransactionAssembler::store(Ranges& ranges, std::vector<uint8_t>& buffer,
                                 uint32_t displacement, Bytes part) {
  if (part.empty()) return;
  const uint32_t end = displacement + static_cast<uint32_t>(part.size());
  ranges.emplace(displacement, end);
  if (buffer.size() < end) buffer.resize(end);
  std::copy(part.begin(), part.end(), buffer.begin() + displacement);
}

NtStatus TransactionAssembler::add(uint32_t total_parameter_count, uint32_t total_data_count,
                                   uint32_t parameter_displacement, Bytes parameters,
                                   uint32_t data_displacement, Bytes data) {
  if (total_parameter_count > total_parameters_ || total_data_count > total_data_ ||
      total_parameter_count < high_water(parameter_ranges_) ||
      total_data_count < high_water(data_ranges_))
    return on_error_;
  if (!fits(parameter_ranges_, total_parameter_count, parameter_displacement, parameters.size()) ||
      !fits(data_ranges_, total_data_count, data_displacement, data.size()))
    return on_error_;
  total_parameters_ = total_parameter_count;
  total_data_ = total_data_count;
  store(parameter_ranges_, parameters_, parameter_displacement, parameters);
  store(data_ranges_, data_, data_displacement, data);
  received_parameters_ += static_cast<uint32_t>(parameters.size());
  received_data_ += static_cast<uint32_t>(data.size());
  return NtStatus::Success;
}

NtStatus TransactionAssembler::add(const Trans2Request& primary) {
  return add(primary.total_parameter_count, primary.total_data_count, 0, primary.parameters, 0,
             primary.data);
}

NtStatus TransactionAssembler::add(const Trans2SecondaryRequest& part) {
  return add(part.total_parameter_count, part.total_data_count, part.parameter_displacement,
             part.parameters, part.data_displacement, part.data);
}

NtStatus TransactionAssembler::add(const Trans2Response& part) {
  return add(part.total_parameter_count, part.total_data_count, part.parameter_displacement,
             part.parameters, part.data_displacement, part.data);
}

Result<std::vector<TransPart>> split_trans2_response(size_t parameter_count, size_t data_count,
                                                     size_t setup_words, size_t max_buffer_size) {
  const size_t max = std::min<size_t>(max_buffer_size, 0xFFFF);
  // Header, WordCount, the words, ByteCount: what every response carries before its bytes.
  const size_t fixed = kHeaderSize + 1 + 2 * (kTrans2ResponseWords + setup_words) + 2;
  auto align4 = [](size_t n) { return (n + 3) & ~size_t{3}; };
  if (fixed > max) return fail(NtStatus::BufferTooSmall);

  std::vector<TransPart> parts;
  size_t params_done = 0;
  size_t data_done = 0;
  do {
    TransPart part;
    part.parameter_displacement = static_cast<uint32_t>(params_done);
    part.data_displacement = static_cast<uint32_t>(data_done);
    size_t end = fixed;
    if (params_done < parameter_count) {
      size_t at = align4(end);
      if (at < max) {
        part.parameter_count =
            static_cast<uint32_t>(std::min(parameter_count - params_done, max - at));
        end = at + part.parameter_count;
      }
    }
    // Data follows only once every parameter byte is out.
    if (params_done + part.parameter_count == parameter_count && data_done < data_count) {
      size_t at = align4(end);
      if (at < max)
        part.data_count = static_cast<uint32_t>(std::min(data_count - data_done, max - at));
    }
    if (part.parameter_count == 0 && part.data_count == 0 &&
        (params_done < parameter_count || data_done < data_count))
      return fail(NtStatus::BufferTooSmall);
    params_done += part.parameter_count;
    data_done += part.data_count;
    parts.push_back(part);
  } while (params_done < parameter_count || data_done < data_count);
  return parts;
}

Result<std::vector<Trans2Response>> make_trans2_responses(const std::vector<uint16_t>& setup,
                                                          Bytes parameters, Bytes data,
                                                          size_t max_buffer_size) {
  if (parameters.size() > 0xFFFF || data.size() > 0xFFFF || setup.size() > 0xFF)
    return fail(NtStatus::InvalidParameter);
  auto parts = split_trans2_response(parameters.size(), data.size(), setup.size(), max_buffer_size);
  if (!parts) return fail(parts.error());
  std::vector<Trans2Response> responses;
  for (const TransPart& p : *parts) {
    Trans2Response r;
    r.total_parameter_count = static_cast<uint16_t>(parameters.size());
    r.total_data_count = static_cast<uint16_t>(data.size());
    r.parameter_displacement = static_cast<uint16_t>(p.parameter_displacement);
    r.data_displacement = static_cast<uint16_t>(p.data_displacement);
    r.setup = setup;
    Bytes ps = parameters.subspan(p.parameter_displacement, p.parameter_count);
    Bytes ds = data.subspan(p.data_displacement, p.data_count);
    r.parameters.assign(ps.begin(), ps.end());
    r.data.assign(ds.begin(), ds.end());
    responses.push_back(std::move(r));
  }
  return responses;
}

}  // namespace smbkit::smb1

// Counter-based random numbers (Random123's Philox4x32-10): the numbers of sample i depend only
// on (seed, i, event, draw), never on which thread or process draws them or in which order
// (docs/stress.md, "Random numbers").
#pragma once

#include <Random123/philox.h>

#include <cstdint>

namespace critmin::stress {

class SampleRandom {
  public:
    SampleRandom(std::uint64_t seed, std::uint64_t sample) {
        key_ = {{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
        sample_lo_ = static_cast<std::uint32_t>(sample);
        sample_hi_ = static_cast<std::uint32_t>(sample >> 32);
    }
    // A uniform double in (0, 1) for draw `draw` of stream `stream` (an event, or a purpose).
    [[nodiscard]] double uniform(std::uint32_t stream, std::uint32_t draw) const {
        const r123::Philox4x32::ctr_type ctr = {{sample_lo_, sample_hi_, stream, draw}};
        const r123::Philox4x32::ctr_type out = gen_(ctr, key_);
        // 53 random bits, shifted by half a step so 0 and 1 never occur.
        const std::uint64_t bits = ((static_cast<std::uint64_t>(out[0]) << 32) | out[1]) >> 11;
        return (static_cast<double>(bits) + 0.5) * 0x1.0p-53;
    }

  private:
    r123::Philox4x32 gen_;
    r123::Philox4x32::key_type key_{};
    std::uint32_t sample_lo_ = 0, sample_hi_ = 0;
};

}  // namespace critmin::stress

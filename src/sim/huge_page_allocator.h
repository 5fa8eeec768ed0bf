// A std::vector allocator for arrays that a step reads at random: large allocations are aligned
// to 2 MiB and marked for transparent huge pages (Linux madvise; Debian enables them only on
// request). With 4 KiB pages every random read of a 40 MB array also misses the TLB, and under a
// hypervisor a TLB miss walks two page tables; 2 MiB pages cover such an array with twenty
// entries. Elsewhere, or for small arrays, it is the plain aligned allocator.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <new>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace critmin::sim {

template <typename T>
struct HugePageAllocator {
    using value_type = T;
    static constexpr std::size_t kHugePage = std::size_t{2} << 20;

    HugePageAllocator() = default;
    template <typename U>
    explicit HugePageAllocator(const HugePageAllocator<U>& /*other*/) noexcept {}

    T* allocate(std::size_t n) {
        const std::size_t bytes = n * sizeof(T);
        if (bytes < kHugePage) {
            void* p = ::operator new (bytes, std::align_val_t{alignof(T) > 64 ? alignof(T) : 64});
            return static_cast<T*>(p);
        }
        const std::size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
        void* p = std::aligned_alloc(kHugePage, rounded);
        if (p == nullptr) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
        madvise(p, rounded, MADV_HUGEPAGE);  // advice only: failure leaves 4 KiB pages
#endif
        return static_cast<T*>(p);
    }

    void deallocate(T* p, std::size_t n) noexcept {
        if (n * sizeof(T) < kHugePage) {
            ::operator delete (p, std::align_val_t{alignof(T) > 64 ? alignof(T) : 64});
            return;
        }
        std::free(p);
    }

    template <typename U>
    bool operator==(const HugePageAllocator<U>& /*other*/) const noexcept {
        return true;
    }
};

// A flat array on huge pages where the system allows it.
template <typename T>
using HugeVector = std::vector<T, HugePageAllocator<T>>;

}  // namespace critmin::sim

#include "cli/interrupt.h"

#include <csignal>

namespace critmin::cli {

namespace {

std::atomic<bool> g_stop{false};
extern "C" void on_interrupt(int /*signal*/) {
    g_stop.store(true);
}

}  // namespace

InterruptGuard::InterruptGuard() : previous_(std::signal(SIGINT, on_interrupt)) {
    g_stop.store(false);
}

InterruptGuard::~InterruptGuard() {
    std::signal(SIGINT, previous_);
}

const std::atomic<bool>* InterruptGuard::stop() const {
    return &g_stop;
}

}  // namespace critmin::cli

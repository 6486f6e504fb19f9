import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The signal that asked a long command to stop (0 while none has). The handler only stores;
/// the command's loop polls it, finishes its step, saves and exits 128 + signal.
let receivedSignal = Atomic<Int32>(0)

enum Interruption {
  static func install(_ signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]) {
    for s in signals {
      signal(s) { receivedSignal.store($0, ordering: .relaxed) }
    }
  }
  static var received: Int32 { receivedSignal.load(ordering: .relaxed) }
}

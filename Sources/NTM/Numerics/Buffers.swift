/// Opens the buffers of several arrays at once, so that a kernel over many inputs reads as one
/// flat function of pointers rather than as a pyramid of nested `withUnsafeBufferPointer`
/// closures.
///
/// ```swift
/// withBuffers([link.values, writeWeighting, precedence]) { b in
///   kernel(link: b[0], writeWeighting: b[1], precedence: b[2])
/// }
/// ```
///
/// Every pointer is valid only inside `body`. - Precondition: no array is empty.
func withBuffers<S, R>(_ arrays: [[S]], _ body: ([UnsafePointer<S>]) throws -> R) rethrows -> R {
  var pointers: [UnsafePointer<S>] = []
  pointers.reserveCapacity(arrays.count)
  func open(_ k: Int) throws -> R {
    guard k < arrays.count else { return try body(pointers) }
    return try arrays[k].withUnsafeBufferPointer { buffer in
      precondition(!buffer.isEmpty, "withBuffers: array \(k) is empty")
      pointers.append(buffer.baseAddress!)
      return try open(k + 1)
    }
  }
  return try open(0)
}

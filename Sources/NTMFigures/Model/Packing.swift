/// Items of given widths laid in lines of at most `capacity`, greedily, in order: how a figure
/// puts short sequences side by side and wraps before a long one, and how the terminal wraps a
/// grid's columns.
///
/// ```swift
/// packedLines([10, 20, 30, 50, 120], capacity: 128)  // [[0, 1, 2, 3], [4]]
/// ```
///
/// An item wider than `capacity` has a line of its own; `gap` is added between items of a line.
public func packedLines(_ widths: [Int], capacity: Int, gap: Int = 0) -> [[Int]] {
  var lines: [[Int]] = []
  var used = 0
  for (i, width) in widths.enumerated() {
    if lines.isEmpty || used + gap + width > capacity {
      lines.append([i])
      used = width
    } else {
      lines[lines.count - 1].append(i)
      used += gap + width
    }
  }
  return lines
}

import Testing

@testable import NTMTerminal

@Suite("Colour mode and glyph detection")
struct DetectionTests {
  @Test func noColorWinsWhenSetAndNotEmpty() {
    #expect(ColorMode.detect(environment: ["NO_COLOR": "1"], colors: 256) == .monochrome)
    #expect(ColorMode.detect(environment: ["NO_COLOR": "anything"], colors: 8) == .monochrome)
  }

  @Test func emptyNoColorIsIgnored() {
    #expect(ColorMode.detect(environment: ["NO_COLOR": ""], colors: 256) == .color256)
  }

  @Test func colourCountDecides() {
    #expect(ColorMode.detect(environment: [:], colors: 256) == .color256)
    #expect(ColorMode.detect(environment: [:], colors: 16_777_216) == .color256)
    #expect(ColorMode.detect(environment: [:], colors: 88) == .color8)
    #expect(ColorMode.detect(environment: [:], colors: 16) == .color8)
    #expect(ColorMode.detect(environment: [:], colors: 8) == .color8)
    #expect(ColorMode.detect(environment: [:], colors: 2) == .monochrome)
    #expect(ColorMode.detect(environment: [:], colors: 0) == .monochrome)
    #expect(ColorMode.detect(environment: [:], colors: -1) == .monochrome)
  }

  @Test func glyphsFollowTheLocaleEncoding() {
    #expect(Glyphs.isUTF8(codeset: "UTF-8"))
    #expect(Glyphs.isUTF8(codeset: "utf8"))
    #expect(!Glyphs.isUTF8(codeset: "ANSI_X3.4-1968"))
    #expect(!Glyphs.isUTF8(codeset: "ISO-8859-1"))
    #expect(Glyphs.detect(utf8: false) == .ascii)
    #expect(
      Theme.detect(environment: ["NO_COLOR": "1"], colors: 256, utf8: true)
        == Theme(colorMode: .monochrome, glyphs: .unicode))
  }

  @Test func asciiGlyphsAreAscii() {
    let g = Glyphs.ascii
    let characters: [Character] =
      [
        g.horizontal, g.vertical, g.topLeft, g.topRight, g.bottomLeft, g.bottomRight, g.markerUp,
        g.markerLeft, g.markerRight, g.wrong, g.notANumber, g.cursorVertical, g.cursorHorizontal,
        g.cursorCross, g.ellipsis, g.minus,
      ] + g.shades + g.negativeShades + g.eighths
      + Array(g.rangeSeparator)
    #expect(characters.allSatisfy { $0.isASCII })
  }

  @Test func glyphSetsHaveTheLevelsWidgetsIndex() {
    for g in [Glyphs.unicode, Glyphs.ascii] {
      #expect(g.shades.count == 5)
      #expect(g.negativeShades.count == 5)
      #expect(g.eighths.count == 8)
      #expect(g.shades[0] == " ")
    }
  }
}

@Suite("Colours")
struct ColorTests {
  @Test func cubeAndGrey() {
    #expect(Color.cube(red: 1, green: 0, blue: 1) == .indexed(53))
    #expect(Color.cube(red: 9, green: 9, blue: 9) == .indexed(231))
    #expect(Color.grey(0) == .indexed(232))
    #expect(Color.grey(99) == .indexed(255))
    #expect(Color.indexed(196).rgb! == (255, 0, 0))
    #expect(Color.default.rgb == nil)
  }

  @Test func approximationToSmallerPalettes() {
    #expect(Color.indexed(196).approximated(toColorCount: 8) == .red)
    #expect(Color.indexed(21).approximated(toColorCount: 8) == .blue)
    #expect(Color.indexed(231).approximated(toColorCount: 8) == .white)
    #expect(Color.indexed(231).approximated(toColorCount: 16) == .indexed(15))
    #expect(Color.indexed(5).approximated(toColorCount: 8) == .magenta)
    #expect(Color.indexed(100).approximated(toColorCount: 256) == .indexed(100))
    #expect(Color.indexed(100).approximated(toColorCount: 0) == .default)
    #expect(Color.default.approximated(toColorCount: 8) == .default)
  }

  @Test func contrastingForeground() {
    let theme = Theme(colorMode: .color256)
    #expect(theme.contrastingForeground(on: .indexed(231)) == .indexed(16))
    #expect(theme.contrastingForeground(on: .indexed(19)) == .indexed(231))
    #expect(theme.contrastingForeground(on: .default) == .default)
    #expect(Theme(colorMode: .monochrome).contrastingForeground(on: .indexed(231)) == .default)
  }
}

@Suite("Palettes")
struct PaletteTests {
  let color256 = Theme(colorMode: .color256)
  let color8 = Theme(colorMode: .color8)
  let mono = Theme(colorMode: .monochrome)
  let monoASCII = Theme(colorMode: .monochrome, glyphs: .ascii)

  @Test func viridisEndsAndMonotoneLightness() {
    let seq = ValueScale.sequential()
    #expect(color256.cell(for: 0, scale: seq).background == .indexed(53))
    #expect(color256.cell(for: 1, scale: seq).background == .indexed(220))
    #expect(color256.cell(for: 2, scale: seq).background == .indexed(220))  // clamped
    #expect(color256.cell(for: -1, scale: seq).background == .indexed(53))
    let lumas = Palette.viridis256.map { $0.luma! }
    #expect(zip(lumas, lumas.dropFirst()).allSatisfy { $0 < $1 })
    #expect(Set(Palette.viridis256).count == Palette.viridis256.count)
    #expect((10...16).contains(Palette.viridis256.count))
  }

  @Test func sequentialColourCellsAreColouredSpaces() {
    for theme in [color256, color8] {
      let cell = theme.cell(for: 0.5, scale: .sequential())
      #expect(cell.character == " ")
      #expect(cell.background != .default)
    }
  }

  @Test func sequentialEightColours() {
    let seq = ValueScale.sequential()
    #expect(color8.cell(for: 0, scale: seq).background == .blue)
    #expect(color8.cell(for: 0.3, scale: seq).background == .cyan)
    #expect(color8.cell(for: 0.6, scale: seq).background == .green)
    #expect(color8.cell(for: 1, scale: seq).background == .yellow)
  }

  @Test func sequentialMonochromeUsesShades() {
    let seq = ValueScale.sequential()
    #expect(
      [0, 0.1, 0.25, 0.5, 0.75, 1].map { mono.cell(for: $0, scale: seq).character } == [
        " ", " ", "░", "▒", "▓", "█",
      ])
    #expect(monoASCII.cell(for: 1, scale: seq).character == "#")
    #expect(mono.cell(for: 1, scale: seq).background == .default)
  }

  @Test func sequentialScaleWithCustomRange() {
    let scale = ValueScale.sequential(lower: 10, upper: 20)
    #expect(color256.cell(for: 10, scale: scale).background == .indexed(53))
    #expect(color256.cell(for: 20, scale: scale).background == .indexed(220))
  }

  @Test func divergingZeroIsWhiteAndSignIsRedOrBlue() {
    let div = ValueScale.diverging(limit: 2)
    let zero = color256.cell(for: 0, scale: div).background
    #expect(zero == .indexed(231))
    #expect(zero.luma! > 0.9)
    #expect(color256.cell(for: 0.1, scale: div).background == zero)  // within half a step
    for v: Float in [-2, -1, -0.5, -5] {
      let (r, _, b) = color256.cell(for: v, scale: div).background.rgb!
      #expect(b > r, "negative \(v) should be blue")
    }
    for v: Float in [2, 1, 0.5, 5] {
      let (r, _, b) = color256.cell(for: v, scale: div).background.rgb!
      #expect(r > b, "positive \(v) should be red")
    }
    #expect(color256.cell(for: -2, scale: div).background == Palette.diverging256.first)
    #expect(color256.cell(for: 2, scale: div).background == Palette.diverging256.last)
  }

  @Test func divergingLightnessFallsAwayFromZero() {
    let lumas = Palette.diverging256.map { $0.luma! }
    let centre = lumas.count / 2
    #expect(lumas.count % 2 == 1)
    for i in 0..<centre {
      #expect(lumas[i] < lumas[i + 1])
      #expect(lumas[lumas.count - 1 - i] < lumas[lumas.count - 2 - i])
    }
  }

  @Test func divergingEightColours() {
    let div = ValueScale.diverging(limit: 1)
    #expect(color8.cell(for: -1, scale: div).background == .blue)
    #expect(color8.cell(for: -0.4, scale: div).background == .cyan)
    #expect(color8.cell(for: 0, scale: div).background == .white)
    #expect(color8.cell(for: 0.4, scale: div).background == .yellow)
    #expect(color8.cell(for: 1, scale: div).background == .red)
  }

  @Test func divergingMonochromeKeepsSignInTheGlyph() {
    let div = ValueScale.diverging(limit: 1)
    #expect(mono.cell(for: 0, scale: div).character == " ")
    #expect(mono.cell(for: 1, scale: div).character == "█")
    #expect(mono.cell(for: -1, scale: div).character == "≡")
    #expect(mono.cell(for: 0.5, scale: div).character == "▒")
    #expect(mono.cell(for: -0.5, scale: div).character == "-")
    #expect(monoASCII.cell(for: -1, scale: div).character == "%")
    #expect(monoASCII.cell(for: 1, scale: div).character == "#")
  }

  @Test func notANumberIsVisibleInEveryMode() {
    for theme in Theme.all {
      for scale in [ValueScale.sequential(), .diverging(limit: 1)] {
        let cell = theme.cell(for: .nan, scale: scale)
        #expect(cell.character == "?")
        #expect(cell.background == .default)
      }
    }
  }

  @Test func degenerateScalesDoNotTrap() {
    #expect(ValueScale.sequential(lower: 1, upper: 1).normalized(1) == 0)
    #expect(ValueScale.sequential(lower: 1, upper: 1).normalized(2) == 1)
    #expect(ValueScale.diverging(limit: 0).normalized(-3) == -1)
    #expect(ValueScale.diverging(limit: 0).normalized(0) == 0)
    #expect(ValueScale.diverging(limit: 1).normalized(.infinity) == 1)
  }

  @Test func representativeKeepsTheStrongest() {
    #expect(ValueScale.diverging(limit: 1).representative([0.2, -0.9, 0.5]) == -0.9)
    #expect(ValueScale.sequential().representative([0.2, 0.9, 0.5]) == 0.9)
    #expect(ValueScale.sequential().representative([Float]()) == nil)
    #expect(ValueScale.sequential().representative([0.2, .nan])!.isNaN)
  }
}

@Suite("Number formatting")
struct NumberFormatTests {
  @Test func fixed() {
    #expect(NumberFormat.fixed(0.125, decimals: 2) == "0.13")
    #expect(NumberFormat.fixed(-1.5, decimals: 1) == "-1.5")
    #expect(NumberFormat.fixed(-0.001, decimals: 2) == "0.00")
    #expect(NumberFormat.fixed(12, decimals: 0) == "12")
    #expect(NumberFormat.fixed(3.14159, decimals: 3) == "3.142")
    #expect(NumberFormat.fixed(0.05, decimals: 2) == "0.05")
    #expect(NumberFormat.fixed(-2, decimals: 2, minus: "−") == "−2.00")
    #expect(NumberFormat.fixed(.nan, decimals: 2) == "nan")
    #expect(NumberFormat.fixed(-.infinity, decimals: 2) == "-inf")
  }

  @Test func compactFitsTheWidth() {
    #expect(NumberFormat.compact(0.4237, width: 4) == "0.42")
    #expect(NumberFormat.compact(-0.4237, width: 4) == "-.42")
    #expect(NumberFormat.compact(-0.4237, width: 3) == "-.4")
    #expect(NumberFormat.compact(1, width: 3) == "1.0")
    #expect(NumberFormat.compact(123, width: 2) == "##")
    #expect(NumberFormat.compact(1, width: 0) == "")
  }
}

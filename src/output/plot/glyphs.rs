//! A bitmap backend that draws text with each glyph at its own place.
//!
//! plotters' ab_glyph text drawing drops each glyph's left side bearing and rounds
//! every glyph to whole pixels, so that PNG titles read "ar ticles". `GlyphBitmap` wraps
//! `BitMapBackend`, hands it every shape, and lays text out itself: glyphs positioned by
//! advance and kerning from the baseline, anchored and rotated as plotters asks,
//! blended by coverage.

use ab_glyph::{point, Font, FontRef, PxScale, ScaleFont};
use plotters::prelude::*;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};

/// `BitMapBackend` with its own text drawing in one font.
pub struct GlyphBitmap<'a> {
    inner: BitMapBackend<'a>,
    font: FontRef<'static>,
}

impl<'a> GlyphBitmap<'a> {
    /// Draws into `inner`, every text in `font` (the bytes of a TrueType font).
    pub fn new(
        inner: BitMapBackend<'a>,
        font: &'static [u8],
    ) -> Result<Self, ab_glyph::InvalidFont> {
        Ok(GlyphBitmap {
            inner,
            font: FontRef::try_from_slice(font)?,
        })
    }
}

type Drawn<E> = Result<(), DrawingErrorKind<E>>;

impl DrawingBackend for GlyphBitmap<'_> {
    type ErrorType = <BitMapBackend<'static> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Drawn<Self::ErrorType> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Drawn<Self::ErrorType> {
        self.inner.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Drawn<Self::ErrorType> {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Drawn<Self::ErrorType> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Drawn<Self::ErrorType> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn<Self::ErrorType> {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Drawn<Self::ErrorType> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Drawn<Self::ErrorType> {
        self.inner.fill_polygon(vert, style)
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Drawn<Self::ErrorType> {
        self.inner.blit_bitmap(pos, size, src)
    }

    fn draw_text<TStyle: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &TStyle,
        pos: BackendCoord,
    ) -> Drawn<Self::ErrorType> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let scale = PxScale::from(style.size() as f32);
        let font = self.font.as_scaled(scale);
        let glyphs = layout(&font, text);
        let width = glyphs.last().map_or(0.0, |(_, right)| *right);
        let height = font.ascent() - font.descent();
        // Whole pixels, so that every glyph moves alike.
        let dx = match style.anchor().h_pos {
            HPos::Left => 0.0,
            HPos::Center => -width / 2.0,
            HPos::Right => -width,
        }
        .round();
        let dy = match style.anchor().v_pos {
            VPos::Top => 0.0,
            VPos::Center => -height / 2.0,
            VPos::Bottom => -height,
        }
        .round();
        let turn = style.transform();
        let (w, h) = self.get_size();
        for (glyph, _) in glyphs {
            let Some(outline) = self.font.outline_glyph(glyph) else {
                continue;
            };
            let bounds = outline.px_bounds();
            let mut pixels = Vec::new();
            outline.draw(|x, y, coverage| {
                let gx = bounds.min.x + x as f32 + dx;
                let gy = bounds.min.y + y as f32 + dy;
                pixels.push((gx as i32, gy as i32, coverage));
            });
            for (x, y, coverage) in pixels {
                let (x, y) = turn.transform(x, y);
                let (x, y) = (pos.0 + x, pos.1 + y);
                if coverage <= 0.0 || x < 0 || y < 0 || x >= w as i32 || y >= h as i32 {
                    continue;
                }
                let c = BackendColor {
                    alpha: color.alpha * f64::from(coverage.min(1.0)),
                    rgb: color.rgb,
                };
                self.inner.draw_pixel((x, y), c)?;
            }
        }
        Ok(())
    }
}

/// Each glyph of `text` placed on a baseline one ascent below the top, with the right
/// edge of its advance.
fn layout<F: Font>(font: &ab_glyph::PxScaleFont<&F>, text: &str) -> Vec<(ab_glyph::Glyph, f32)> {
    let mut caret = 0.0;
    let mut prev = None;
    let mut out = Vec::new();
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(p) = prev {
            caret += font.kern(p, id);
        }
        let glyph = id.with_scale_and_position(font.scale(), point(caret, font.ascent()));
        caret += font.h_advance(id);
        out.push((glyph, caret));
        prev = Some(id);
    }
    out
}

// figures: numbered figures open full size (filled by the reader's-finish work)

// Tests for OpenFlow live here.

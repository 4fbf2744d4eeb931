"""SOP AP as code: load, check and publish Standard Operating Procedures
written in the PermenPAN-RB 35/2012 format."""

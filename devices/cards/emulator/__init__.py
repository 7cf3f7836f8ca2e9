"""A virtual eMRTD chip on a virtual reader, for tests, benchmarks and support staff.

`chip_files` builds the files a passport chip holds (EF.COM, DG1, DG2, EF.SOD) from data we
choose; `emrtd` answers APDUs as such a chip does, with BAC and secure messaging; `vpcd`
plugs it into a reader of pcsc-lite's vpcd driver (vsmartcard), so the whole PC/SC path
(pcscd, libpcsclite, pyscard) is exercised as with a real passport on a real reader.
"""

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>AccessKeyDialog</name>
    <message>
        <source>Open the passport&apos;s chip</source>
        <translation>Open the passport&apos;s chip</translation>
    </message>
    <message>
        <source>Type these three details from the passport&apos;s data page (the photo page).</source>
        <translation>Type these three details from the passport&apos;s data page (the photo page).</translation>
    </message>
    <message>
        <source>The chip did not accept the details given; check each against the data page.</source>
        <translation>The chip did not accept the details given; check each against the data page.</translation>
    </message>
    <message>
        <source>Document &amp;number</source>
        <translation>Document &amp;number</translation>
    </message>
    <message>
        <source>Date of &amp;birth</source>
        <translation>Date of &amp;birth</translation>
    </message>
    <message>
        <source>Date of &amp;expiry</source>
        <translation>Date of &amp;expiry</translation>
    </message>
    <message>
        <source>The document number has letters and digits only, as printed on the data page.</source>
        <translation>The document number has letters and digits only, as printed on the data page.</translation>
    </message>
</context>
<context>
    <name>AssessmentDialog</name>
    <message>
        <source>How it went: %1</source>
        <translation>How it went: %1</translation>
    </message>
    <message>
        <source>%1 of 100 points</source>
        <translation>%1 of 100 points</translation>
    </message>
    <message>
        <source>(−%1)</source>
        <translation>(−%1)</translation>
    </message>
    <message>
        <source>Everything right.</source>
        <translation>Everything right.</translation>
    </message>
    <message>
        <source>What a good clerk does: %1</source>
        <translation>What a good clerk does: %1</translation>
    </message>
    <message>
        <source>Show the report (Enter)</source>
        <translation>Show the report (Enter)</translation>
    </message>
    <message>
        <source>Next applicant (Enter)</source>
        <translation>Next applicant (Enter)</translation>
    </message>
</context>
<context>
    <name>CalibrationDialog</name>
    <message>
        <source>Printer calibration for certificate stock</source>
        <extracomment>The spooler&apos;s job titles (visible to anyone who lists the queue): the documents&apos; kinds. The quick correction moves by at most this much (a larger error: measure the sheet).</extracomment>
        <translation>Printer calibration for certificate stock</translation>
    </message>
    <message>
        <source>1. Printer and stock</source>
        <extracomment>The correction computed or corrected in this dialog; None: nothing new to save.</extracomment>
        <translation>1. Printer and stock</translation>
    </message>
    <message>
        <source>Looking for printers…</source>
        <translation>Looking for printers…</translation>
    </message>
    <message>
        <source>Reading the certificate templates…</source>
        <translation>Reading the certificate templates…</translation>
    </message>
    <message>
        <source>&amp;Printer:</source>
        <translation>&amp;Printer:</translation>
    </message>
    <message>
        <source>Stoc&amp;k:</source>
        <translation>Stoc&amp;k:</translation>
    </message>
    <message>
        <source>2. Measure the calibration sheet</source>
        <translation>2. Measure the calibration sheet</translation>
    </message>
    <message>
        <source>Print the calibration s&amp;heet</source>
        <translation>Print the calibration s&amp;heet</translation>
    </message>
    <message>
        <source>The sheet is printed without any correction: print it on plain paper of the stock&apos;s size, loaded like the stock. Lay it on a blank stock sheet with the left and top edges flush, and with a steel ruler measure how far the centre of each crosshair is from the left edge and from the top edge, to 0.5 mm; leave a mark empty if you cannot measure it.</source>
        <translation>The sheet is printed without any correction: print it on plain paper of the stock&apos;s size, loaded like the stock. Lay it on a blank stock sheet with the left and top edges flush, and with a steel ruler measure how far the centre of each crosshair is from the left edge and from the top edge, to 0.5 mm; leave a mark empty if you cannot measure it.</translation>
    </message>
    <message>
        <source>Mark</source>
        <translation>Mark</translation>
    </message>
    <message>
        <source>Should be at (mm)</source>
        <translation>Should be at (mm)</translation>
    </message>
    <message>
        <source>From left edge (mm)</source>
        <translation>From left edge (mm)</translation>
    </message>
    <message>
        <source>From top edge (mm)</source>
        <translation>From top edge (mm)</translation>
    </message>
    <message>
        <source>Off by (right, down)</source>
        <translation>Off by (right, down)</translation>
    </message>
    <message>
        <source>&amp;Compute the correction</source>
        <translation>&amp;Compute the correction</translation>
    </message>
    <message>
        <source>3. Check on a test print, then save</source>
        <translation>3. Check on a test print, then save</translation>
    </message>
    <message>
        <source>Test &amp;layout:</source>
        <translation>Test &amp;layout:</translation>
    </message>
    <message>
        <source>Print a &amp;test on plain paper</source>
        <translation>Print a &amp;test on plain paper</translation>
    </message>
    <message>
        <source>Hold the test print against a stock sheet in front of a light: every box should sit in its field. If all boxes are off by the same amount, enter it below, apply it and print the test again.</source>
        <translation>Hold the test print against a stock sheet in front of a light: every box should sit in its field. If all boxes are off by the same amount, enter it below, apply it and print the test again.</translation>
    </message>
    <message>
        <source>Boxes too far &amp;right by</source>
        <translation>Boxes too far &amp;right by</translation>
    </message>
    <message>
        <source>too lo&amp;w by</source>
        <translation>too lo&amp;w by</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>&amp;Apply</translation>
    </message>
    <message>
        <source>(negative: too far left, too high)</source>
        <translation>(negative: too far left, too high)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <source>Ctrl+S</source>
        <translation>Ctrl+S</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Esc: close without saving</source>
        <translation>Esc: close without saving</translation>
    </message>
    <message>
        <source> mm</source>
        <translation> mm</translation>
    </message>
    <message>
        <source>No printer available</source>
        <translation>No printer available</translation>
    </message>
    <message>
        <source>No printer accepts jobs. Connect or enable one, then press F5.</source>
        <translation>No printer accepts jobs. Connect or enable one, then press F5.</translation>
    </message>
    <message>
        <source>%1 (%2 × %3 mm)</source>
        <translation>%1 (%2 × %3 mm)</translation>
    </message>
    <message>
        <source>No stock type</source>
        <translation>No stock type</translation>
    </message>
    <message>
        <source>The certificate templates cannot be read, so there is no stock type to calibrate. Ask support.</source>
        <translation>The certificate templates cannot be read, so there is no stock type to calibrate. Ask support.</translation>
    </message>
    <message>
        <source>A (top left)</source>
        <translation>A (top left)</translation>
    </message>
    <message>
        <source>B (top right)</source>
        <translation>B (top right)</translation>
    </message>
    <message>
        <source>C (bottom left)</source>
        <translation>C (bottom left)</translation>
    </message>
    <message>
        <source>D (bottom right)</source>
        <translation>D (bottom right)</translation>
    </message>
    <message>
        <source>E (centre)</source>
        <translation>E (centre)</translation>
    </message>
    <message>
        <source>Choose the printer and the stock to calibrate.</source>
        <translation>Choose the printer and the stock to calibrate.</translation>
    </message>
    <message>
        <source>Nothing is saved for this printer and stock yet: certificates print exactly as the template says.</source>
        <translation>Nothing is saved for this printer and stock yet: certificates print exactly as the template says.</translation>
    </message>
    <message>
        <source>Saved now: %1.</source>
        <translation>Saved now: %1.</translation>
    </message>
    <message>
        <source>The calibration sheet went to %1 (job %2). Measure it and enter the distances.</source>
        <translation>The calibration sheet went to %1 (job %2). Measure it and enter the distances.</translation>
    </message>
    <message>
        <source>Mark %1: enter its distance from the left edge too, or leave both empty.</source>
        <translation>Mark %1: enter its distance from the left edge too, or leave both empty.</translation>
    </message>
    <message>
        <source>Mark %1: enter its distance from the top edge too, or leave both empty.</source>
        <translation>Mark %1: enter its distance from the top edge too, or leave both empty.</translation>
    </message>
    <message>
        <source>Computed from %1 marks. Now print a test on plain paper (step 3) to check it, or save it.</source>
        <translation>Computed from %1 marks. Now print a test on plain paper (step 3) to check it, or save it.</translation>
    </message>
    <message>
        <source>The test print went to %1 (job %2). Hold it against a stock sheet.</source>
        <translation>The test print went to %1 (job %2). Hold it against a stock sheet.</translation>
    </message>
    <message>
        <source>Enter how far the boxes are off first.</source>
        <translation>Enter how far the boxes are off first.</translation>
    </message>
    <message>
        <source>Corrected. Print the test again to check, or save.</source>
        <translation>Corrected. Print the test again to check, or save.</translation>
    </message>
    <message>
        <source>New correction: none yet. Compute it in step 2, or correct the saved one here.</source>
        <translation>New correction: none yet. Compute it in step 2, or correct the saved one here.</translation>
    </message>
    <message>
        <source>New correction: %1.</source>
        <translation>New correction: %1.</translation>
    </message>
    <message>
        <source>There is no new correction to save: compute one in step 2, or correct the saved one in step 3.</source>
        <translation>There is no new correction to save: compute one in step 2, or correct the saved one in step 3.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>Sending to %1…</source>
        <translation>Sending to %1…</translation>
    </message>
    <message>
        <source>no correction</source>
        <translation>no correction</translation>
    </message>
    <message>
        <source>horizontal offset %1 mm, vertical offset %2 mm, horizontal scale %3, vertical scale %4</source>
        <translation>horizontal offset %1 mm, vertical offset %2 mm, horizontal scale %3, vertical scale %4</translation>
    </message>
    <message>
        <source>Mark %1: the distance from the left edge, “%2”, is not a number of millimetres.</source>
        <translation>Mark %1: the distance from the left edge, “%2”, is not a number of millimetres.</translation>
    </message>
    <message>
        <source>Mark %1: the distance from the top edge, “%2”, is not a number of millimetres.</source>
        <translation>Mark %1: the distance from the top edge, “%2”, is not a number of millimetres.</translation>
    </message>
    <message>
        <source>The distances from the left edge do not grow from the marks on the left to those on the right. Measure each from the left edge of the sheet.</source>
        <translation>The distances from the left edge do not grow from the marks on the left to those on the right. Measure each from the left edge of the sheet.</translation>
    </message>
    <message>
        <source>The distances from the top edge do not grow from the marks at the top to those at the bottom. Measure each from the top edge of the sheet.</source>
        <translation>The distances from the top edge do not grow from the marks at the top to those at the bottom. Measure each from the top edge of the sheet.</translation>
    </message>
    <message>
        <source>Mark %1: %2 mm from the left edge is not on the sheet, which is %3 mm wide.</source>
        <translation>Mark %1: %2 mm from the left edge is not on the sheet, which is %3 mm wide.</translation>
    </message>
    <message>
        <source>Mark %1: %2 mm from the top edge is not on the sheet, which is %3 mm high.</source>
        <translation>Mark %1: %2 mm from the top edge is not on the sheet, which is %3 mm high.</translation>
    </message>
    <message>
        <source>Mark %1 does not agree with the other marks: its distance from the left edge is %2 mm off. Measure it again, from the left edge to the centre of the crosshair.</source>
        <translation>Mark %1 does not agree with the other marks: its distance from the left edge is %2 mm off. Measure it again, from the left edge to the centre of the crosshair.</translation>
    </message>
    <message>
        <source>Mark %1 does not agree with the other marks: its distance from the top edge is %2 mm off. Measure it again, from the top edge to the centre of the crosshair.</source>
        <translation>Mark %1 does not agree with the other marks: its distance from the top edge is %2 mm off. Measure it again, from the top edge to the centre of the crosshair.</translation>
    </message>
    <message>
        <source>Enter both distances of at least one mark; all five give the best correction.</source>
        <translation>Enter both distances of at least one mark; all five give the best correction.</translation>
    </message>
    <message>
        <source>The correction would move the print %1 mm across; a working printer needs at most %2 mm. Check the distances from the left edge and the paper size.</source>
        <translation>The correction would move the print %1 mm across; a working printer needs at most %2 mm. Check the distances from the left edge and the paper size.</translation>
    </message>
    <message>
        <source>The correction would move the print %1 mm up or down; a working printer needs at most %2 mm. Check the distances from the top edge and the paper size.</source>
        <translation>The correction would move the print %1 mm up or down; a working printer needs at most %2 mm. Check the distances from the top edge and the paper size.</translation>
    </message>
    <message>
        <source>The correction would stretch the print across by a factor of %1; a working printer needs %3 to %4. Check the distances of the marks on the left and on the right.</source>
        <translation>The correction would stretch the print across by a factor of %1; a working printer needs %3 to %4. Check the distances of the marks on the left and on the right.</translation>
    </message>
    <message>
        <source>The correction would stretch the print downwards by a factor of %1; a working printer needs %3 to %4. Check the distances of the marks at the top and at the bottom.</source>
        <translation>The correction would stretch the print downwards by a factor of %1; a working printer needs %3 to %4. Check the distances of the marks at the top and at the bottom.</translation>
    </message>
    <message>
        <source>This correction cannot be used (%1).</source>
        <translation>This correction cannot be used (%1).</translation>
    </message>
</context>
<context>
    <name>CaptureDialog</name>
    <message>
        <source>Capture: %1</source>
        <translation>Capture: %1</translation>
    </message>
    <message>
        <source>Capture (Space)</source>
        <translation>Capture (Space)</translation>
    </message>
    <message>
        <source>&amp;Auto-capture when the page holds still</source>
        <translation>&amp;Auto-capture when the page holds still</translation>
    </message>
    <message>
        <source>&amp;Document page</source>
        <translation>&amp;Document page</translation>
    </message>
    <message>
        <source>&amp;ID card, front and back on one A4 page</source>
        <translation>&amp;ID card, front and back on one A4 page</translation>
    </message>
    <message>
        <source>Looking for scanners…</source>
        <translation>Looking for scanners…</translation>
    </message>
    <message>
        <source>Scanner:</source>
        <translation>Scanner:</translation>
    </message>
    <message>
        <source>Paper from:</source>
        <translation>Paper from:</translation>
    </message>
    <message>
        <source>JPEG, PNG, TIFF or PDF files: choose them, or drop them on this window.</source>
        <translation>JPEG, PNG, TIFF or PDF files: choose them, or drop them on this window.</translation>
    </message>
    <message>
        <source>&amp;Scanner</source>
        <translation>&amp;Scanner</translation>
    </message>
    <message>
        <source>Sca&amp;n</source>
        <translation>Sca&amp;n</translation>
    </message>
    <message>
        <source>Choose files… (Ctrl+O)</source>
        <translation>Choose files… (Ctrl+O)</translation>
    </message>
    <message>
        <source>Document ca&amp;mera</source>
        <translation>Document ca&amp;mera</translation>
    </message>
    <message>
        <source>&amp;Files</source>
        <translation>&amp;Files</translation>
    </message>
    <message>
        <source>Black and white document</source>
        <translation>Black and white document</translation>
    </message>
    <message>
        <source>Grey</source>
        <translation>Grey</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>Colour</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>◀ Earlier (Ctrl+←)</source>
        <translation>◀ Earlier (Ctrl+←)</translation>
    </message>
    <message>
        <source>Later ▶ (Ctrl+→)</source>
        <translation>Later ▶ (Ctrl+→)</translation>
    </message>
    <message>
        <source>Rotate (Ctrl+R)</source>
        <translation>Rotate (Ctrl+R)</translation>
    </message>
    <message>
        <source>Corners… (Ctrl+E)</source>
        <translation>Corners… (Ctrl+E)</translation>
    </message>
    <message>
        <source>Retake (Ctrl+T)</source>
        <translation>Retake (Ctrl+T)</translation>
    </message>
    <message>
        <source>Delete (Del)</source>
        <translation>Delete (Del)</translation>
    </message>
    <message>
        <source>Look:</source>
        <translation>Look:</translation>
    </message>
    <message>
        <source>Only %1 MB of disk space is left for scans. Tell support before it runs out; pages already taken are safe.</source>
        <translation>Only %1 MB of disk space is left for scans. Tell support before it runs out; pages already taken are safe.</translation>
    </message>
    <message>
        <source>Close without attaching the pages captured here?</source>
        <translation>Close without attaching the pages captured here?</translation>
    </message>
    <message>
        <source>Starting the document camera…</source>
        <translation>Starting the document camera…</translation>
    </message>
    <message>
        <source>No document camera is set up. Choose one in Settings, or use the scanner or files.</source>
        <translation>No document camera is set up. Choose one in Settings, or use the scanner or files.</translation>
    </message>
    <message>
        <source>No page found: the whole picture will be taken.</source>
        <translation>No page found: the whole picture will be taken.</translation>
    </message>
    <message>
        <source>Blurred: hold still or check the focus.</source>
        <translation>Blurred: hold still or check the focus.</translation>
    </message>
    <message>
        <source>Glare on the page: tilt it or dim the light.</source>
        <translation>Glare on the page: tilt it or dim the light.</translation>
    </message>
    <message>
        <source>Front taken. Turn the card over for the back.</source>
        <translation>Front taken. Turn the card over for the back.</translation>
    </message>
    <message>
        <source>Put the card&apos;s front under the camera.</source>
        <translation>Put the card&apos;s front under the camera.</translation>
    </message>
    <message>
        <source>Simulated scanner for training</source>
        <translation>Simulated scanner for training</translation>
    </message>
    <message>
        <source>No scanner found. Check that it is switched on and connected.</source>
        <translation>No scanner found. Check that it is switched on and connected.</translation>
    </message>
    <message>
        <source>Flatbed</source>
        <translation>Flatbed</translation>
    </message>
    <message>
        <source>Document feeder</source>
        <translation>Document feeder</translation>
    </message>
    <message>
        <source>Document feeder, both sides</source>
        <translation>Document feeder, both sides</translation>
    </message>
    <message>
        <source>Scanning page %1…</source>
        <translation>Scanning page %1…</translation>
    </message>
    <message>
        <source>Choose files</source>
        <translation>Choose files</translation>
    </message>
    <message>
        <source>Images and PDF (%1)</source>
        <translation>Images and PDF (%1)</translation>
    </message>
    <message>
        <source>Wait until the files being imported are in.</source>
        <translation>Wait until the files being imported are in.</translation>
    </message>
    <message>
        <source>File %1 of %2: page %3 of %4</source>
        <translation>File %1 of %2: page %3 of %4</translation>
    </message>
    <message>
        <source>%1 pages scanned are kept. %2</source>
        <translation>%1 pages scanned are kept. %2</translation>
    </message>
    <message>
        <source>Page %1</source>
        <translation>Page %1</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>failed</translation>
    </message>
    <message>
        <source>processing…</source>
        <translation>processing…</translation>
    </message>
    <message>
        <source>looks blank</source>
        <translation>looks blank</translation>
    </message>
    <message>
        <source>blurred</source>
        <translation>blurred</translation>
    </message>
    <message>
        <source>glare</source>
        <translation>glare</translation>
    </message>
    <message>
        <source>The next page taken replaces page %1.</source>
        <translation>The next page taken replaces page %1.</translation>
    </message>
    <message>
        <source>This page looks blank. It stays unless you delete it.</source>
        <translation>This page looks blank. It stays unless you delete it.</translation>
    </message>
    <message>
        <source>This page looks blurred; consider retaking it.</source>
        <translation>This page looks blurred; consider retaking it.</translation>
    </message>
    <message>
        <source>Glare may hide part of this page; consider retaking it.</source>
        <translation>Glare may hide part of this page; consider retaking it.</translation>
    </message>
    <message>
        <source>Attach %1 pages (Ctrl+Enter)</source>
        <translation>Attach %1 pages (Ctrl+Enter)</translation>
    </message>
</context>
<context>
    <name>CardPanel</name>
    <message>
        <source>No photo</source>
        <translation>No photo</translation>
    </message>
    <message>
        <source>Accept the e&amp;xpired document for this matter</source>
        <translation>Accept the e&amp;xpired document for this matter</translation>
    </message>
    <message>
        <source>Re&amp;veal full number</source>
        <translation>Re&amp;veal full number</translation>
    </message>
    <message>
        <source>N&amp;ot this person&apos;s card</source>
        <translation>N&amp;ot this person&apos;s card</translation>
    </message>
    <message>
        <source>✔ Read and authenticated by the ID-card reader</source>
        <translation>✔ Read and authenticated by the ID-card reader</translation>
    </message>
    <message>
        <source>Read from a card</source>
        <translation>Read from a card</translation>
    </message>
    <message>
        <source>Read from the chip: the data are intact, but who issued them is not checked. Compare the photo and the document by eye.</source>
        <translation>Read from the chip: the data are intact, but who issued them is not checked. Compare the photo and the document by eye.</translation>
    </message>
    <message>
        <source>age %1</source>
        <translation>age %1</translation>
    </message>
    <message>
        <source>Valid indefinitely</source>
        <translation>Valid indefinitely</translation>
    </message>
    <message>
        <source>EXPIRED on %1</source>
        <translation>EXPIRED on %1</translation>
    </message>
    <message>
        <source>Valid until %1</source>
        <translation>Valid until %1</translation>
    </message>
</context>
<context>
    <name>CardReader</name>
    <message>
        <source>The card was taken off during the read; put it back.</source>
        <translation>The card was taken off during the read; put it back.</translation>
    </message>
    <message>
        <source>Another program is using the card; close it and the card is read.</source>
        <translation>Another program is using the card; close it and the card is read.</translation>
    </message>
    <message>
        <source>This card is no passport or travel permit. Resident ID cards go on the ID-card reader.</source>
        <translation>This card is no passport or travel permit. Resident ID cards go on the ID-card reader.</translation>
    </message>
    <message>
        <source>The chip did not accept the data-page details; check them.</source>
        <translation>The chip did not accept the data-page details; check them.</translation>
    </message>
    <message>
        <source>The chip&apos;s data fail their integrity check. Do not rely on this document; check it by eye and ask a supervisor.</source>
        <translation>The chip&apos;s data fail their integrity check. Do not rely on this document; check it by eye and ask a supervisor.</translation>
    </message>
    <message>
        <source>The card gave data that make no sense. Check the card or type the details.</source>
        <translation>The card gave data that make no sense. Check the card or type the details.</translation>
    </message>
    <message>
        <source>The ID-card reader software is not installed or is incomplete; see Settings → Card readers. Everything else works.</source>
        <translation>The ID-card reader software is not installed or is incomplete; see Settings → Card readers. Everything else works.</translation>
    </message>
    <message>
        <source>The ID-card reader does not answer on its port. Check the cable and the port in the settings.</source>
        <translation>The ID-card reader does not answer on its port. Check the cable and the port in the settings.</translation>
    </message>
    <message>
        <source>This document&apos;s chip holds more than the workstation can read yet (a very large photo). Type the details from the data page.</source>
        <translation>This document&apos;s chip holds more than the workstation can read yet (a very large photo). Type the details from the data page.</translation>
    </message>
    <message>
        <source>The card was read, but its photo could not be decoded.</source>
        <translation>The card was read, but its photo could not be decoded.</translation>
    </message>
    <message>
        <source>The card cannot be read. Check it or type the details.</source>
        <translation>The card cannot be read. Check it or type the details.</translation>
    </message>
</context>
<context>
    <name>CardStatusLabel</name>
    <message>
        <source>Card reader ready</source>
        <translation>Card reader ready</translation>
    </message>
    <message>
        <source>%1 card readers ready</source>
        <translation>%1 card readers ready</translation>
    </message>
    <message>
        <source>No card reader (the smart-card service is not running)</source>
        <translation>No card reader (the smart-card service is not running)</translation>
    </message>
    <message>
        <source>No card reader</source>
        <translation>No card reader</translation>
    </message>
    <message>
        <source>Reading card…</source>
        <translation>Reading card…</translation>
    </message>
    <message>
        <source>Passport on the reader: enter its data-page details</source>
        <translation>Passport on the reader: enter its data-page details</translation>
    </message>
    <message>
        <source>EXPIRED on %1</source>
        <translation>EXPIRED on %1</translation>
    </message>
    <message>
        <source>valid indefinitely</source>
        <translation>valid indefinitely</translation>
    </message>
    <message>
        <source>valid until %1</source>
        <translation>valid until %1</translation>
    </message>
</context>
<context>
    <name>CaseDocumentDialog</name>
    <message>
        <source>Acceptance notice</source>
        <translation>Acceptance notice</translation>
    </message>
    <message>
        <source>One-time notice</source>
        <translation>One-time notice</translation>
    </message>
    <message>
        <source>Refusal</source>
        <translation>Refusal</translation>
    </message>
    <message>
        <source>Case %1 recorded. Print the document for the applicant; it can be reprinted later.</source>
        <translation>Case %1 recorded. Print the document for the applicant; it can be reprinted later.</translation>
    </message>
</context>
<context>
    <name>CertificateDesk</name>
    <message>
        <source>The serial does not have this stock&apos;s format. Expected like: %1</source>
        <extracomment>Picks the calibration of a printer for a stock type (None: print uncalibrated).</extracomment>
        <translation>The serial does not have this stock&apos;s format. Expected like: %1</translation>
    </message>
    <message>
        <source>Sheet %1 was already used: issued on %2.</source>
        <translation>Sheet %1 was already used: issued on %2.</translation>
    </message>
    <message>
        <source>Case %1.</source>
        <translation>Case %1.</translation>
    </message>
    <message>
        <source>Sheet %1 was voided on %2; a voided sheet is never used again.</source>
        <translation>Sheet %1 was voided on %2; a voided sheet is never used again.</translation>
    </message>
    <message>
        <source>Another desk used sheet %1 (the server said so): it is not this desk&apos;s stock. Check the number on the sheet in the printer.</source>
        <translation>Another desk used sheet %1 (the server said so): it is not this desk&apos;s stock. Check the number on the sheet in the printer.</translation>
    </message>
    <message>
        <source>This serial is not in the stock loaded for the shift. Check the number on the sheet in the printer; print only if it is right.</source>
        <translation>This serial is not in the stock loaded for the shift. Check the number on the sheet in the printer; print only if it is right.</translation>
    </message>
    <message>
        <source>This certificate was already issued on sheet %1. To print it again, use Reprint (Ctrl+R) with a reason.</source>
        <translation>This certificate was already issued on sheet %1. To print it again, use Reprint (Ctrl+R) with a reason.</translation>
    </message>
    <message>
        <source>The server refused this certificate&apos;s issuance on sheet %1. Put that right first (Ctrl+Shift+F).</source>
        <translation>The server refused this certificate&apos;s issuance on sheet %1. Put that right first (Ctrl+Shift+F).</translation>
    </message>
    <message>
        <source>This certificate was handed over (sheet %1): it has left the desk and is not reprinted here. A replacement comes as a new case.</source>
        <translation>This certificate was handed over (sheet %1): it has left the desk and is not reprinted here. A replacement comes as a new case.</translation>
    </message>
    <message>
        <source>This certificate was not issued at this desk, so it cannot be reprinted.</source>
        <translation>This certificate was not issued at this desk, so it cannot be reprinted.</translation>
    </message>
    <message>
        <source>This stock type is not known at this desk.</source>
        <translation>This stock type is not known at this desk.</translation>
    </message>
    <message>
        <source>This certificate is not printed on this stock type.</source>
        <translation>This certificate is not printed on this stock type.</translation>
    </message>
    <message>
        <source>No shift is open. Start your shift first (Ctrl+Shift+S).</source>
        <translation>No shift is open. Start your shift first (Ctrl+Shift+S).</translation>
    </message>
    <message>
        <source>The open shift is another clerk&apos;s. End it (Ctrl+Shift+E) and start your own first.</source>
        <translation>The open shift is another clerk&apos;s. End it (Ctrl+Shift+E) and start your own first.</translation>
    </message>
    <message>
        <source>“%1” does not fit its box even at %2 pt. The back office must shorten it.</source>
        <translation>“%1” does not fit its box even at %2 pt. The back office must shorten it.</translation>
    </message>
    <message>
        <source>“%1” has no value (%2). The back office must complete the certificate.</source>
        <translation>“%1” has no value (%2). The back office must complete the certificate.</translation>
    </message>
    <message>
        <source>“%1” has characters no installed font can print: %2 (%3). Nothing can be printed until a font with them is installed; ask support.</source>
        <translation>“%1” has characters no installed font can print: %2 (%3). Nothing can be printed until a font with them is installed; ask support.</translation>
    </message>
    <message>
        <source>“%1”: %2 (%3) will be printed with the fallback font %4. Check these characters on the preview.</source>
        <translation>“%1”: %2 (%3) will be printed with the fallback font %4. Check these characters on the preview.</translation>
    </message>
    <message>
        <source>The QR code “%1” is too dense for its box to be read.</source>
        <translation>The QR code “%1” is too dense for its box to be read.</translation>
    </message>
    <message>
        <source>“%1” would reach %2 mm into the printer&apos;s unprintable margin (%3 edge). Check this printer&apos;s calibration.</source>
        <translation>“%1” would reach %2 mm into the printer&apos;s unprintable margin (%3 edge). Check this printer&apos;s calibration.</translation>
    </message>
    <message>
        <source>A reason is required.</source>
        <translation>A reason is required.</translation>
    </message>
    <message>
        <source>This certificate was not issued at this desk.</source>
        <translation>This certificate was not issued at this desk.</translation>
    </message>
    <message>
        <source>The server refused this certificate&apos;s issuance. Put it right first (Ctrl+Shift+F); it is handed over once the server has it.</source>
        <translation>The server refused this certificate&apos;s issuance. Put it right first (Ctrl+Shift+F); it is handed over once the server has it.</translation>
    </message>
    <message>
        <source>This certificate is no longer at this desk (withdrawn, or issued elsewhere). Press F5 to refresh.</source>
        <translation>This certificate is no longer at this desk (withdrawn, or issued elsewhere). Press F5 to refresh.</translation>
    </message>
    <message>
        <source>Your account does not have the certificate desk role.</source>
        <translation>Your account does not have the certificate desk role.</translation>
    </message>
    <message>
        <source>The certificate templates cannot be read; ask support.</source>
        <translation>The certificate templates cannot be read; ask support.</translation>
    </message>
    <message>
        <source>Posting needs the tracking number.</source>
        <translation>Posting needs the tracking number.</translation>
    </message>
    <message>
        <source>Choose how the recipient signs: on the customer screen or on a paper receipt.</source>
        <translation>Choose how the recipient signs: on the customer screen or on a paper receipt.</translation>
    </message>
    <message>
        <source>Enter the name of the person who receives the certificate.</source>
        <translation>Enter the name of the person who receives the certificate.</translation>
    </message>
    <message>
        <source>This certificate was handed over already.</source>
        <translation>This certificate was handed over already.</translation>
    </message>
    <message>
        <source>The recipient has not signed on the customer screen yet (Ctrl+G).</source>
        <translation>The recipient has not signed on the customer screen yet (Ctrl+G).</translation>
    </message>
    <message>
        <source>The signature could not be read. Ask the recipient to sign again.</source>
        <translation>The signature could not be read. Ask the recipient to sign again.</translation>
    </message>
    <message>
        <source>The card read gave no document number. Read the card again or compare it by eye.</source>
        <translation>The card read gave no document number. Read the card again or compare it by eye.</translation>
    </message>
    <message>
        <source>This certificate has not been handed over yet.</source>
        <translation>This certificate has not been handed over yet.</translation>
    </message>
    <message>
        <source>This refusal was put right already (or let go). Press F5.</source>
        <translation>This refusal was put right already (or let go). Press F5.</translation>
    </message>
    <message>
        <source>Another serial does not help: the server refused this for another reason.</source>
        <translation>Another serial does not help: the server refused this for another reason.</translation>
    </message>
    <message>
        <source>This was not refused because another desk issued the certificate.</source>
        <translation>This was not refused because another desk issued the certificate.</translation>
    </message>
    <message>
        <source>A record of this certificate is being sent right now. Try again in a moment.</source>
        <translation>A record of this certificate is being sent right now. Try again in a moment.</translation>
    </message>
    <message>
        <source>A shift is open already. End it before starting another.</source>
        <translation>A shift is open already. End it before starting another.</translation>
    </message>
    <message>
        <source>This shift is not recorded at this desk.</source>
        <translation>This shift is not recorded at this desk.</translation>
    </message>
    <message>
        <source>“%1” does not have the serial format of its stock type.</source>
        <translation>“%1” does not have the serial format of its stock type.</translation>
    </message>
    <message>
        <source>In “%1” the first serial comes after the last.</source>
        <translation>In “%1” the first serial comes after the last.</translation>
    </message>
    <message>
        <source>In “%1” the first and last serials differ in their letters or number of digits.</source>
        <translation>In “%1” the first and last serials differ in their letters or number of digits.</translation>
    </message>
    <message>
        <source>“%1” is more sheets than one range can hold; check the numbers.</source>
        <translation>“%1” is more sheets than one range can hold; check the numbers.</translation>
    </message>
    <message>
        <source>“%1” overlaps another range of the same stock.</source>
        <translation>“%1” overlaps another range of the same stock.</translation>
    </message>
</context>
<context>
    <name>CertificateDeskView</name>
    <message>
        <source>Case number, applicant&apos;s name, or the whole ID number (Ctrl+F)</source>
        <extracomment>The date edits show &quot;any date&quot; at this value. The printer chosen last for certificates is remembered under this document type when the settings know it (workstation.settings.DOCUMENT_TYPES), else for the session.</extracomment>
        <translation>Case number, applicant&apos;s name, or the whole ID number (Ctrl+F)</translation>
    </message>
    <message>
        <source>All items</source>
        <translation>All items</translation>
    </message>
    <message>
        <source>All departments</source>
        <translation>All departments</translation>
    </message>
    <message>
        <source>Refresh (F5)</source>
        <translation>Refresh (F5)</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>to</source>
        <translation>to</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>Case number</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Certificate</translation>
    </message>
    <message>
        <source>Issued here</source>
        <translation>Issued here</translation>
    </message>
    <message>
        <source>Sheet</source>
        <translation>Sheet</translation>
    </message>
    <message>
        <source>Hand-over</source>
        <translation>Hand-over</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>Issued at</source>
        <translation>Issued at</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>Shift</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>Stock</translation>
    </message>
    <message>
        <source>Loaded</source>
        <translation>Loaded</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>Voided</translation>
    </message>
    <message>
        <source>Issued sheets</source>
        <translation>Issued sheets</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>Remaining</translation>
    </message>
    <message>
        <source>Remaining serials</source>
        <translation>Remaining serials</translation>
    </message>
    <message>
        <source>Start shift… (Ctrl+Shift+S)</source>
        <translation>Start shift… (Ctrl+Shift+S)</translation>
    </message>
    <message>
        <source>End shift… (Ctrl+Shift+E)</source>
        <translation>End shift… (Ctrl+Shift+E)</translation>
    </message>
    <message>
        <source>Calibrate a printer… (Ctrl+Shift+K)</source>
        <translation>Calibrate a printer… (Ctrl+Shift+K)</translation>
    </message>
    <message>
        <source>Issue… (Enter)</source>
        <translation>Issue… (Enter)</translation>
    </message>
    <message>
        <source>Reprint… (Ctrl+R)</source>
        <translation>Reprint… (Ctrl+R)</translation>
    </message>
    <message>
        <source>Void a spoiled sheet… (Ctrl+D)</source>
        <translation>Void a spoiled sheet… (Ctrl+D)</translation>
    </message>
    <message>
        <source>Hand over… (Ctrl+H)</source>
        <translation>Hand over… (Ctrl+H)</translation>
    </message>
    <message>
        <source>Put a refused sheet right… (Ctrl+Shift+F)</source>
        <translation>Put a refused sheet right… (Ctrl+Shift+F)</translation>
    </message>
    <message>
        <source>any date</source>
        <translation>any date</translation>
    </message>
    <message>
        <source>No certificate has been issued at this desk yet.</source>
        <translation>No certificate has been issued at this desk yet.</translation>
    </message>
    <message>
        <source>Handed over %1</source>
        <translation>Handed over %1</translation>
    </message>
    <message>
        <source>Waiting for the applicant</source>
        <translation>Waiting for the applicant</translation>
    </message>
    <message>
        <source>✓</source>
        <translation>✓</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>refused</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>waiting</translation>
    </message>
    <message>
        <source>Waiting (%1)</source>
        <translation>Waiting (%1)</translation>
    </message>
    <message>
        <source>Issued here (%1, %2 to hand over)</source>
        <translation>Issued here (%1, %2 to hand over)</translation>
    </message>
    <message>
        <source>No shift is open. Start one with the stock you take over before issuing.</source>
        <translation>No shift is open. Start one with the stock you take over before issuing.</translation>
    </message>
    <message>
        <source>Shift of %1 since %2</source>
        <translation>Shift of %1 since %2</translation>
    </message>
    <message>
        <source>Another clerk&apos;s shift: end it (Ctrl+Shift+E) with the summary, then start yours to issue.</source>
        <translation>Another clerk&apos;s shift: end it (Ctrl+Shift+E) with the summary, then start yours to issue.</translation>
    </message>
    <message>
        <source>Not counted: %1, used by another desk (the server said so); never this desk&apos;s sheets.</source>
        <translation>Not counted: %1, used by another desk (the server said so); never this desk&apos;s sheets.</translation>
    </message>
    <message>
        <source>Another desk (%2) issued the certificate printed on sheet %1 first, on %3: void what was printed here (Ctrl+Shift+F).</source>
        <translation>Another desk (%2) issued the certificate printed on sheet %1 first, on %3: void what was printed here (Ctrl+Shift+F).</translation>
    </message>
    <message>
        <source>The server refused sheet %1: another desk (%2) used it on %3. Check the serial on the sheet (Ctrl+Shift+F).</source>
        <translation>The server refused sheet %1: another desk (%2) used it on %3. Check the serial on the sheet (Ctrl+Shift+F).</translation>
    </message>
    <message>
        <source>The server refused a desk record (%1, sheet %2). See Sync details (Ctrl+Shift+Y).</source>
        <translation>The server refused a desk record (%1, sheet %2). See Sync details (Ctrl+Shift+Y).</translation>
    </message>
    <message>
        <source>Receipt… (Ctrl+H)</source>
        <translation>Receipt… (Ctrl+H)</translation>
    </message>
    <message>
        <source>Start your shift first (Ctrl+Shift+S): it records the stock you took over.</source>
        <translation>Start your shift first (Ctrl+Shift+S): it records the stock you took over.</translation>
    </message>
    <message>
        <source>Case %1 reprinted on sheet %2; the earlier sheet is voided.</source>
        <translation>Case %1 reprinted on sheet %2; the earlier sheet is voided.</translation>
    </message>
    <message>
        <source>Case %1 issued on sheet %2.</source>
        <translation>Case %1 issued on sheet %2.</translation>
    </message>
    <message>
        <source>The server refused the issuance of case %1 on sheet %2. Put it right first (Ctrl+Shift+F).</source>
        <translation>The server refused the issuance of case %1 on sheet %2. Put it right first (Ctrl+Shift+F).</translation>
    </message>
    <message>
        <source>Reprint: choose the certificate in the list of those issued here, then press Ctrl+R again.</source>
        <translation>Reprint: choose the certificate in the list of those issued here, then press Ctrl+R again.</translation>
    </message>
    <message>
        <source>Case %1 was handed over on %2: the certificate has left the desk and is not reprinted here. A replacement comes as a new case.</source>
        <translation>Case %1 was handed over on %2: the certificate has left the desk and is not reprinted here. A replacement comes as a new case.</translation>
    </message>
    <message>
        <source>Sheet %1 voided.</source>
        <translation>Sheet %1 voided.</translation>
    </message>
    <message>
        <source>Hand-over: choose the certificate in the list of those issued here, then press Ctrl+H again.</source>
        <translation>Hand-over: choose the certificate in the list of those issued here, then press Ctrl+H again.</translation>
    </message>
    <message>
        <source>The receipt of the hand-over, as recorded.</source>
        <translation>The receipt of the hand-over, as recorded.</translation>
    </message>
    <message>
        <source>Case %1 was handed over on %2.</source>
        <translation>Case %1 was handed over on %2.</translation>
    </message>
    <message>
        <source>Case %1 handed over.</source>
        <translation>Case %1 handed over.</translation>
    </message>
    <message>
        <source>The server has refused nothing of this desk.</source>
        <translation>The server has refused nothing of this desk.</translation>
    </message>
    <message>
        <source>A shift is open already.</source>
        <translation>A shift is open already.</translation>
    </message>
    <message>
        <source>Shift started.</source>
        <translation>Shift started.</translation>
    </message>
    <message>
        <source>Calibration saved: the next certificates on that printer use it.</source>
        <translation>Calibration saved: the next certificates on that printer use it.</translation>
    </message>
    <message>
        <source>No shift is open.</source>
        <translation>No shift is open.</translation>
    </message>
    <message>
        <source>Shift ended.</source>
        <translation>Shift ended.</translation>
    </message>
</context>
<context>
    <name>CornerEditor</name>
    <message>
        <source>Adjust the page corners</source>
        <translation>Adjust the page corners</translation>
    </message>
    <message>
        <source>Tab: next corner · arrows: move (Shift: faster) · Enter: use these corners · Esc: cancel</source>
        <translation>Tab: next corner · arrows: move (Shift: faster) · Enter: use these corners · Esc: cancel</translation>
    </message>
    <message>
        <source>&amp;Whole frame</source>
        <translation>&amp;Whole frame</translation>
    </message>
    <message>
        <source>&amp;Detected page</source>
        <translation>&amp;Detected page</translation>
    </message>
    <message>
        <source>&amp;Use</source>
        <translation>&amp;Use</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>Crash</name>
    <message>
        <source>Unexpected error</source>
        <translation>Unexpected error</translation>
    </message>
    <message>
        <source>Something went wrong. The details were written to the log; please tell support.</source>
        <translation>Something went wrong. The details were written to the log; please tell support.</translation>
    </message>
</context>
<context>
    <name>DiagnosticsDialog</name>
    <message>
        <source>Card reader diagnostics</source>
        <translation>Card reader diagnostics</translation>
    </message>
    <message>
        <source>Reader</source>
        <translation>Reader</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Card</translation>
    </message>
    <message>
        <source>ATR</source>
        <translation>ATR</translation>
    </message>
    <message>
        <source>Last result</source>
        <translation>Last result</translation>
    </message>
    <message>
        <source>&amp;Copy for support</source>
        <translation>&amp;Copy for support</translation>
    </message>
    <message>
        <source>Last errors</source>
        <translation>Last errors</translation>
    </message>
    <message>
        <source>running</source>
        <translation>running</translation>
    </message>
    <message>
        <source>not running</source>
        <translation>not running</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>starting</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>stopped</translation>
    </message>
    <message>
        <source>not installed (libpcsclite)</source>
        <translation>not installed (libpcsclite)</translation>
    </message>
    <message>
        <source>Smart-card service (PC/SC): %1</source>
        <translation>Smart-card service (PC/SC): %1</translation>
    </message>
    <message>
        <source>Preferred reader: %1</source>
        <translation>Preferred reader: %1</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>automatic</translation>
    </message>
    <message>
        <source>ID-card reader: %1, port %2, %3</source>
        <translation>ID-card reader: %1, port %2, %3</translation>
    </message>
    <message>
        <source>ID-card reader: not configured</source>
        <translation>ID-card reader: not configured</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>The server cannot be reached. You are working offline; everything you enter is kept and sent later.</source>
        <translation>The server cannot be reached. You are working offline; everything you enter is kept and sent later.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not trusted. Check the CA bundle in Settings or ask support.</source>
        <translation>The server&apos;s certificate is not trusted. Check the CA bundle in Settings or ask support.</translation>
    </message>
    <message>
        <source>The server sent an answer this workstation does not understand. Nothing was changed; the next sync will try again.</source>
        <translation>The server sent an answer this workstation does not understand. Nothing was changed; the next sync will try again.</translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation>Wrong user name or password.</translation>
    </message>
    <message>
        <source>Your session has expired. Please log in again.</source>
        <translation>Your session has expired. Please log in again.</translation>
    </message>
    <message>
        <source>The catalogue on the server was replaced; it is being downloaded again.</source>
        <translation>The catalogue on the server was replaced; it is being downloaded again.</translation>
    </message>
    <message>
        <source>The server refused this record. Check it and send it again.</source>
        <translation>The server refused this record. Check it and send it again.</translation>
    </message>
    <message>
        <source>The server is still processing an earlier request; it will be retried.</source>
        <translation>The server is still processing an earlier request; it will be retried.</translation>
    </message>
    <message>
        <source>The server reported an error. It will be retried automatically.</source>
        <translation>The server reported an error. It will be retried automatically.</translation>
    </message>
    <message>
        <source>The server cannot be reached, and this user has never logged in on this workstation. Log in once while online.</source>
        <translation>The server cannot be reached, and this user has never logged in on this workstation. Log in once while online.</translation>
    </message>
    <message>
        <source>Please log in first.</source>
        <translation>Please log in first.</translation>
    </message>
    <message>
        <source>The system keyring is not available. The workstation needs it to protect personal data; ask support.</source>
        <translation>The system keyring is not available. The workstation needs it to protect personal data; ask support.</translation>
    </message>
    <message>
        <source>This setting is not valid.</source>
        <translation>This setting is not valid.</translation>
    </message>
    <message>
        <source>The local database was written by a newer version of the workstation. It was left untouched; please install the newer version.</source>
        <translation>The local database was written by a newer version of the workstation. It was left untouched; please install the newer version.</translation>
    </message>
    <message>
        <source>The local database is damaged. It was left untouched; ask support to restore it.</source>
        <translation>The local database is damaged. It was left untouched; ask support to restore it.</translation>
    </message>
    <message>
        <source>The disk is full. Nothing was saved; free some space and try again.</source>
        <translation>The disk is full. Nothing was saved; free some space and try again.</translation>
    </message>
    <message>
        <source>The key that protects the local data is missing from the system keyring, so the data cannot be opened.</source>
        <translation>The key that protects the local data is missing from the system keyring, so the data cannot be opened.</translation>
    </message>
    <message>
        <source>Protected data could not be opened with this workstation&apos;s key.</source>
        <translation>Protected data could not be opened with this workstation&apos;s key.</translation>
    </message>
    <message>
        <source>The local database could not be used.</source>
        <translation>The local database could not be used.</translation>
    </message>
    <message>
        <source>A captured page is missing from this workstation&apos;s disk. Capture the material again.</source>
        <translation>A captured page is missing from this workstation&apos;s disk. Capture the material again.</translation>
    </message>
    <message>
        <source>This case&apos;s scanned pages were removed from this workstation after the retention period; the server keeps them.</source>
        <translation>This case&apos;s scanned pages were removed from this workstation after the retention period; the server keeps them.</translation>
    </message>
    <message>
        <source>The file cannot be opened: it is gone or not readable.</source>
        <translation>The file cannot be opened: it is gone or not readable.</translation>
    </message>
    <message>
        <source>The file is empty (0 bytes).</source>
        <translation>The file is empty (0 bytes).</translation>
    </message>
    <message>
        <source>This is not a JPEG, PNG, TIFF or PDF file.</source>
        <translation>This is not a JPEG, PNG, TIFF or PDF file.</translation>
    </message>
    <message>
        <source>The file is damaged and cannot be read.</source>
        <translation>The file is damaged and cannot be read.</translation>
    </message>
    <message>
        <source>The image is incomplete (cut off); copy or download it again.</source>
        <translation>The image is incomplete (cut off); copy or download it again.</translation>
    </message>
    <message>
        <source>The image is too large to use (over 50 megapixels). Scan or photograph it at a lower resolution.</source>
        <translation>The image is too large to use (over 50 megapixels). Scan or photograph it at a lower resolution.</translation>
    </message>
    <message>
        <source>The file has more pages than can be attached at once (200). Split it and attach the pages this material needs.</source>
        <translation>The file has more pages than can be attached at once (200). Split it and attach the pages this material needs.</translation>
    </message>
    <message>
        <source>The PDF is protected by a password. Ask for an unprotected copy.</source>
        <translation>The PDF is protected by a password. Ask for an unprotected copy.</translation>
    </message>
    <message>
        <source>The document camera is not connected or is used by another program. Check the cable, or choose it in Settings.</source>
        <translation>The document camera is not connected or is used by another program. Check the cable, or choose it in Settings.</translation>
    </message>
    <message>
        <source>The document camera stopped (unplugged?). Pages already taken are kept; plug it in and reopen the camera.</source>
        <translation>The document camera stopped (unplugged?). Pages already taken are kept; plug it in and reopen the camera.</translation>
    </message>
    <message>
        <source>Scanner support (SANE) is not installed on this workstation.</source>
        <translation>Scanner support (SANE) is not installed on this workstation.</translation>
    </message>
    <message>
        <source>The scanner is not connected or is switched off.</source>
        <translation>The scanner is not connected or is switched off.</translation>
    </message>
    <message>
        <source>The scanner is busy with another job; try again in a moment.</source>
        <translation>The scanner is busy with another job; try again in a moment.</translation>
    </message>
    <message>
        <source>Paper jam in the scanner. Clear it and scan the remaining pages.</source>
        <translation>Paper jam in the scanner. Clear it and scan the remaining pages.</translation>
    </message>
    <message>
        <source>The scanner&apos;s cover is open. Close it and scan again.</source>
        <translation>The scanner&apos;s cover is open. Close it and scan again.</translation>
    </message>
    <message>
        <source>The document feeder is empty. Put the papers in and scan again.</source>
        <translation>The document feeder is empty. Put the papers in and scan again.</translation>
    </message>
    <message>
        <source>The scanner stopped answering (cable or power). Check it and scan again.</source>
        <translation>The scanner stopped answering (cable or power). Check it and scan again.</translation>
    </message>
    <message>
        <source>The scanner ran out of memory; scan at a lower resolution.</source>
        <translation>The scanner ran out of memory; scan at a lower resolution.</translation>
    </message>
    <message>
        <source>This workstation is not allowed to use the scanner; ask support.</source>
        <translation>This workstation is not allowed to use the scanner; ask support.</translation>
    </message>
    <message>
        <source>The scan was cancelled.</source>
        <translation>The scan was cancelled.</translation>
    </message>
    <message>
        <source>The scanner reported an error: %1</source>
        <translation>The scanner reported an error: %1</translation>
    </message>
    <message>
        <source>A captured page could not be read back.</source>
        <translation>A captured page could not be read back.</translation>
    </message>
    <message>
        <source>The page is too large to process.</source>
        <translation>The page is too large to process.</translation>
    </message>
    <message>
        <source>No Chinese font is installed, so nothing can be printed. Install the fonts-wqy-zenhei package or ask support.</source>
        <translation>No Chinese font is installed, so nothing can be printed. Install the fonts-wqy-zenhei package or ask support.</translation>
    </message>
    <message>
        <source>The case cannot be recorded with this outcome yet.</source>
        <translation>The case cannot be recorded with this outcome yet.</translation>
    </message>
    <message>
        <source>This case is not on this workstation.</source>
        <translation>This case is not on this workstation.</translation>
    </message>
    <message>
        <source>The printing system (CUPS) is not running or not installed, so nothing can be printed directly. Save the PDF or open it in the viewer, and ask support.</source>
        <translation>The printing system (CUPS) is not running or not installed, so nothing can be printed directly. Save the PDF or open it in the viewer, and ask support.</translation>
    </message>
    <message>
        <source>This printer is no longer available or does not accept jobs. Choose another printer.</source>
        <translation>This printer is no longer available or does not accept jobs. Choose another printer.</translation>
    </message>
    <message>
        <source>The printer refused the document. Check the printer and try again.</source>
        <translation>The printer refused the document. Check the printer and try again.</translation>
    </message>
    <message>
        <source>The printing system did not answer in time. Look at the printer before printing again: the document may already be queued.</source>
        <translation>The printing system did not answer in time. Look at the printer before printing again: the document may already be queued.</translation>
    </message>
    <message>
        <source>The document could not be prepared for printing.</source>
        <translation>The document could not be prepared for printing.</translation>
    </message>
    <message>
        <source>The training server could not be started.</source>
        <translation>The training server could not be started.</translation>
    </message>
    <message>
        <source>The sandbox could not be saved or reset (%1).</source>
        <translation>The sandbox could not be saved or reset (%1).</translation>
    </message>
    <message>
        <source>Snapshots and resets are for training mode only.</source>
        <translation>Snapshots and resets are for training mode only.</translation>
    </message>
    <message>
        <source>A snapshot&apos;s name may not contain “/” or “\” and has at most 80 characters.</source>
        <translation>A snapshot&apos;s name may not contain “/” or “\” and has at most 80 characters.</translation>
    </message>
    <message>
        <source>A snapshot with this name exists already.</source>
        <translation>A snapshot with this name exists already.</translation>
    </message>
    <message>
        <source>This snapshot is not there any more.</source>
        <translation>This snapshot is not there any more.</translation>
    </message>
    <message>
        <source>This snapshot is incomplete or damaged and cannot be restored; delete it.</source>
        <translation>This snapshot is incomplete or damaged and cannot be restored; delete it.</translation>
    </message>
    <message>
        <source>The key of the sandbox&apos;s data is missing from the keyring, so no snapshot of it could be opened again. Reset the sandbox to the clean state.</source>
        <translation>The key of the sandbox&apos;s data is missing from the keyring, so no snapshot of it could be opened again. Reset the sandbox to the clean state.</translation>
    </message>
    <message>
        <source>Unexpected error: %1</source>
        <translation>Unexpected error: %1</translation>
    </message>
</context>
<context>
    <name>FormsDialog</name>
    <message>
        <source>Forms and samples: %1</source>
        <translation>Forms and samples: %1</translation>
    </message>
    <message>
        <source>Blank form</source>
        <translation>Blank form</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>Sample</translation>
    </message>
    <message>
        <source>This item offers no blank forms or samples.</source>
        <translation>This item offers no blank forms or samples.</translation>
    </message>
    <message>
        <source>Preparing the preview…</source>
        <translation>Preparing the preview…</translation>
    </message>
    <message>
        <source>This form has not reached this workstation yet (or was withdrawn). Sync, then open it again.</source>
        <translation>This form has not reached this workstation yet (or was withdrawn). Sync, then open it again.</translation>
    </message>
</context>
<context>
    <name>Guide</name>
    <message>
        <source>Administrative licence</source>
        <translation>Administrative licence</translation>
    </message>
    <message>
        <source>Administrative penalty</source>
        <translation>Administrative penalty</translation>
    </message>
    <message>
        <source>Administrative enforcement</source>
        <translation>Administrative enforcement</translation>
    </message>
    <message>
        <source>Administrative levy</source>
        <translation>Administrative levy</translation>
    </message>
    <message>
        <source>Administrative benefit</source>
        <translation>Administrative benefit</translation>
    </message>
    <message>
        <source>Administrative inspection</source>
        <translation>Administrative inspection</translation>
    </message>
    <message>
        <source>Administrative confirmation</source>
        <translation>Administrative confirmation</translation>
    </message>
    <message>
        <source>Administrative reward</source>
        <translation>Administrative reward</translation>
    </message>
    <message>
        <source>Administrative ruling</source>
        <translation>Administrative ruling</translation>
    </message>
    <message>
        <source>Other administrative power</source>
        <translation>Other administrative power</translation>
    </message>
    <message>
        <source>Public service</source>
        <translation>Public service</translation>
    </message>
    <message>
        <source>original</source>
        <translation>original</translation>
    </message>
    <message>
        <source>copy</source>
        <translation>copy</translation>
    </message>
    <message>
        <source>electronic</source>
        <translation>electronic</translation>
    </message>
    <message>
        <source>on the spot</source>
        <translation>on the spot</translation>
    </message>
    <message>
        <source>%1 working days</source>
        <translation>%1 working days</translation>
    </message>
    <message>
        <source>None listed</source>
        <translation>None listed</translation>
    </message>
    <message>
        <source>When: %1</source>
        <translation>When: %1</translation>
    </message>
    <message>
        <source>Always</source>
        <translation>Always</translation>
    </message>
    <message>
        <source>%1 original(s)</source>
        <translation>%1 original(s)</translation>
    </message>
    <message>
        <source>%1 copy/copies</source>
        <translation>%1 copy/copies</translation>
    </message>
    <message>
        <source>required</source>
        <translation>required</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>optional</translation>
    </message>
    <message>
        <source>may be supplied later (容缺)</source>
        <translation>may be supplied later (容缺)</translation>
    </message>
    <message>
        <source>electronic licence: %1</source>
        <translation>electronic licence: %1</translation>
    </message>
    <message>
        <source>Blank form: %1</source>
        <translation>Blank form: %1</translation>
    </message>
    <message>
        <source>Sample: %1</source>
        <translation>Sample: %1</translation>
    </message>
    <message>
        <source>Statutory time limit</source>
        <translation>Statutory time limit</translation>
    </message>
    <message>
        <source>Promised time limit</source>
        <translation>Promised time limit</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>Fee</translation>
    </message>
    <message>
        <source>Applicants</source>
        <translation>Applicants</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>Delivery</translation>
    </message>
    <message>
        <source>Conditions</source>
        <translation>Conditions</translation>
    </message>
    <message>
        <source>Situations</source>
        <translation>Situations</translation>
    </message>
    <message>
        <source>Materials</source>
        <translation>Materials</translation>
    </message>
    <message>
        <source>Material</source>
        <translation>Material</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>Form</translation>
    </message>
    <message>
        <source>Requirement</source>
        <translation>Requirement</translation>
    </message>
    <message>
        <source>Source and notes</source>
        <translation>Source and notes</translation>
    </message>
    <message>
        <source>Process</source>
        <translation>Process</translation>
    </message>
    <message>
        <source>Legal basis</source>
        <translation>Legal basis</translation>
    </message>
    <message>
        <source>Where and when</source>
        <translation>Where and when</translation>
    </message>
    <message>
        <source>Enquiries</source>
        <translation>Enquiries</translation>
    </message>
    <message>
        <source>Frequently asked questions</source>
        <translation>Frequently asked questions</translation>
    </message>
    <message>
        <source>adds: %1</source>
        <translation>adds: %1</translation>
    </message>
    <message>
        <source>no extra materials</source>
        <translation>no extra materials</translation>
    </message>
</context>
<context>
    <name>HandoverDialog</name>
    <message>
        <source>Hand over %1</source>
        <translation>Hand over %1</translation>
    </message>
    <message>
        <source>Case %1</source>
        <translation>Case %1</translation>
    </message>
    <message>
        <source>Applicant: %1 (%2)</source>
        <translation>Applicant: %1 (%2)</translation>
    </message>
    <message>
        <source>Sheet %1</source>
        <translation>Sheet %1</translation>
    </message>
    <message>
        <source>In &amp;person</source>
        <translation>In &amp;person</translation>
    </message>
    <message>
        <source>By p&amp;ost</source>
        <translation>By p&amp;ost</translation>
    </message>
    <message>
        <source>Print the re&amp;ceipt… (Ctrl+P)</source>
        <translation>Print the re&amp;ceipt… (Ctrl+P)</translation>
    </message>
    <message>
        <source>Add&amp;ressee</source>
        <translation>Add&amp;ressee</translation>
    </message>
    <message>
        <source>Whom the certificate is posted to</source>
        <translation>Whom the certificate is posted to</translation>
    </message>
    <message>
        <source>The applicant, or who collects for them</source>
        <translation>The applicant, or who collects for them</translation>
    </message>
    <message>
        <source>I compared the recipient&apos;s &amp;ID card with them (no reader, or the card cannot be read)</source>
        <translation>I compared the recipient&apos;s &amp;ID card with them (no reader, or the card cannot be read)</translation>
    </message>
    <message>
        <source>Signs on the customer &amp;screen</source>
        <translation>Signs on the customer &amp;screen</translation>
    </message>
    <message>
        <source>Open the si&amp;gnature screen (Ctrl+G)</source>
        <translation>Open the si&amp;gnature screen (Ctrl+G)</translation>
    </message>
    <message>
        <source>Signs a p&amp;aper receipt</source>
        <translation>Signs a p&amp;aper receipt</translation>
    </message>
    <message>
        <source>Identity checked on the card reader: %1 (%2).</source>
        <translation>Identity checked on the card reader: %1 (%2).</translation>
    </message>
    <message>
        <source>Put the recipient&apos;s ID card on the reader to check their identity.</source>
        <translation>Put the recipient&apos;s ID card on the reader to check their identity.</translation>
    </message>
    <message>
        <source>No card reader: compare the recipient&apos;s ID card with them.</source>
        <translation>No card reader: compare the recipient&apos;s ID card with them.</translation>
    </message>
    <message>
        <source>Not signed yet.</source>
        <translation>Not signed yet.</translation>
    </message>
    <message>
        <source>Signed.</source>
        <translation>Signed.</translation>
    </message>
    <message>
        <source>Printed: hand it over to sign.</source>
        <translation>Printed: hand it over to sign.</translation>
    </message>
    <message>
        <source>Not printed yet.</source>
        <translation>Not printed yet.</translation>
    </message>
    <message>
        <source>The document read is not the one the case names; check that it is the applicant&apos;s.</source>
        <translation>The document read is not the one the case names; check that it is the applicant&apos;s.</translation>
    </message>
    <message>
        <source>This is not the applicant: check that they may collect for them (e.g. a power of attorney).</source>
        <translation>This is not the applicant: check that they may collect for them (e.g. a power of attorney).</translation>
    </message>
    <message>
        <source>This ID card expired on %1: it does not prove identity. Ask for a valid document.</source>
        <translation>This ID card expired on %1: it does not prove identity. Ask for a valid document.</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 of %2</translation>
    </message>
    <message>
        <source>The signature screen was closed without a signature.</source>
        <translation>The signature screen was closed without a signature.</translation>
    </message>
    <message>
        <source>The recipient signs on the customer screen.</source>
        <translation>The recipient signs on the customer screen.</translation>
    </message>
    <message>
        <source>Print the receipt and let the recipient sign it; keep the signed sheet with the desk&apos;s records.</source>
        <translation>Print the receipt and let the recipient sign it; keep the signed sheet with the desk&apos;s records.</translation>
    </message>
    <message>
        <source>Print the receipt (Ctrl+P) and let the recipient sign it first.</source>
        <translation>Print the receipt (Ctrl+P) and let the recipient sign it first.</translation>
    </message>
    <message>
        <source>e.g. 1180212345678</source>
        <translation>e.g. 1180212345678</translation>
    </message>
    <message>
        <source>Recor&amp;d the hand-over (Ctrl+Return)</source>
        <translation>Recor&amp;d the hand-over (Ctrl+Return)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <source>In person</source>
        <translation>In person</translation>
    </message>
    <message>
        <source>By post</source>
        <translation>By post</translation>
    </message>
    <message>
        <source>&amp;Tracking number</source>
        <translation>&amp;Tracking number</translation>
    </message>
    <message>
        <source>&amp;Recipient</source>
        <translation>&amp;Recipient</translation>
    </message>
</context>
<context>
    <name>Intake</name>
    <message>
        <source>Required.</source>
        <translation>Required.</translation>
    </message>
    <message>
        <source>A resident ID number has 18 characters.</source>
        <translation>A resident ID number has 18 characters.</translation>
    </message>
    <message>
        <source>Digits only; the last one may be X.</source>
        <translation>Digits only; the last one may be X.</translation>
    </message>
    <message>
        <source>The first two digits are no province code.</source>
        <translation>The first two digits are no province code.</translation>
    </message>
    <message>
        <source>Digits 7–14 are not a valid birth date.</source>
        <translation>Digits 7–14 are not a valid birth date.</translation>
    </message>
    <message>
        <source>The check digit does not match: a digit is probably mistyped.</source>
        <translation>The check digit does not match: a digit is probably mistyped.</translation>
    </message>
    <message>
        <source>A unified social credit code has 18 characters.</source>
        <translation>A unified social credit code has 18 characters.</translation>
    </message>
    <message>
        <source>Contains characters a credit code never has (I, O, S, V, Z).</source>
        <translation>Contains characters a credit code never has (I, O, S, V, Z).</translation>
    </message>
    <message>
        <source>The organisation code inside (characters 9–17) does not check.</source>
        <translation>The organisation code inside (characters 9–17) does not check.</translation>
    </message>
    <message>
        <source>The last character does not match: a character is probably mistyped.</source>
        <translation>The last character does not match: a character is probably mistyped.</translation>
    </message>
    <message>
        <source>Not a mobile or landline number (landlines with area code).</source>
        <translation>Not a mobile or landline number (landlines with area code).</translation>
    </message>
    <message>
        <source>The document has expired. Tick the box if it may still be accepted for this matter.</source>
        <translation>The document has expired. Tick the box if it may still be accepted for this matter.</translation>
    </message>
    <message>
        <source>The card&apos;s number disagrees with its own birth date or sex: the card may be forged or damaged. Check the document by eye and ask a supervisor.</source>
        <translation>The card&apos;s number disagrees with its own birth date or sex: the card may be forged or damaged. Check the document by eye and ask a supervisor.</translation>
    </message>
    <message>
        <source>The applicant&apos;s details need correcting (see the red notes).</source>
        <translation>The applicant&apos;s details need correcting (see the red notes).</translation>
    </message>
    <message>
        <source>Required materials are missing or defective:</source>
        <translation>Required materials are missing or defective:</translation>
    </message>
    <message>
        <source>Nothing is missing: a one-time notice would list nothing. Accept the case instead.</source>
        <translation>Nothing is missing: a one-time notice would list nothing. Accept the case instead.</translation>
    </message>
    <message>
        <source>A refusal needs its reason and legal basis.</source>
        <translation>A refusal needs its reason and legal basis.</translation>
    </message>
    <message>
        <source>A 容缺 commitment date lies in the past.</source>
        <translation>A 容缺 commitment date lies in the past.</translation>
    </message>
</context>
<context>
    <name>IntakeView</name>
    <message>
        <source>Discard draft</source>
        <translation>Discard draft</translation>
    </message>
    <message>
        <source>Unfinished:</source>
        <translation>Unfinished:</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>An agent (代办人) acts for the applicant</source>
        <translation>An agent (代办人) acts for the applicant</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Material</source>
        <translation>Material</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Originals</source>
        <translation>Originals</translation>
    </message>
    <message>
        <source>Copies</source>
        <translation>Copies</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Pages</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>容缺</source>
        <translation>容缺</translation>
    </message>
    <message>
        <source>Scans</source>
        <translation>Scans</translation>
    </message>
    <message>
        <source>Supply by</source>
        <translation>Supply by</translation>
    </message>
    <message>
        <source>Electronic licence</source>
        <translation>Electronic licence</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Look up electronic licences (Ctrl+L)</source>
        <translation>Look up electronic licences (Ctrl+L)</translation>
    </message>
    <message>
        <source>Scans as PDF… (Ctrl+Shift+P)</source>
        <translation>Scans as PDF… (Ctrl+Shift+P)</translation>
    </message>
    <message>
        <source>Note for the back office (optional)</source>
        <translation>Note for the back office (optional)</translation>
    </message>
    <message>
        <source>&amp;Accept (Ctrl+Enter)</source>
        <translation>&amp;Accept (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>One-time &amp;notice (Ctrl+Shift+Enter)</source>
        <translation>One-time &amp;notice (Ctrl+Shift+Enter)</translation>
    </message>
    <message>
        <source>&amp;Refuse… (Ctrl+Shift+R)</source>
        <translation>&amp;Refuse… (Ctrl+Shift+R)</translation>
    </message>
    <message>
        <source>No case open. Open an item in the knowledge base and press Ctrl+N to start a case for it.</source>
        <translation>No case open. Open an item in the knowledge base and press Ctrl+N to start a case for it.</translation>
    </message>
    <message>
        <source>(no applicant yet)</source>
        <translation>(no applicant yet)</translation>
    </message>
    <message>
        <source>Intake</source>
        <translation>Intake</translation>
    </message>
    <message>
        <source>Case %1, revision %2</source>
        <translation>Case %1, revision %2</translation>
    </message>
    <message>
        <source>This item has been withdrawn from the catalogue since the case was started; the case keeps the guide it was started with.</source>
        <translation>This item has been withdrawn from the catalogue since the case was started; the case keeps the guide it was started with.</translation>
    </message>
    <message>
        <source>The guide of this item has changed since the case was started (now version %1). This case keeps version %2, the one it was started with.</source>
        <translation>The guide of this item has changed since the case was started (now version %1). This case keeps version %2, the one it was started with.</translation>
    </message>
    <message>
        <source>None</source>
        <translation>None</translation>
    </message>
    <message>
        <source>Unclear</source>
        <translation>Unclear</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Expired</translation>
    </message>
    <message>
        <source>Wrong or missing seal</source>
        <translation>Wrong or missing seal</translation>
    </message>
    <message>
        <source>Not signed</source>
        <translation>Not signed</translation>
    </message>
    <message>
        <source>Incomplete</source>
        <translation>Incomplete</translation>
    </message>
    <message>
        <source>Inconsistent</source>
        <translation>Inconsistent</translation>
    </message>
    <message>
        <source>Copy instead of original</source>
        <translation>Copy instead of original</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>Capture this material&apos;s pages (Ctrl+K)</source>
        <translation>Capture this material&apos;s pages (Ctrl+K)</translation>
    </message>
    <message>
        <source>%1 scanned</source>
        <translation>%1 scanned</translation>
    </message>
    <message>
        <source>Capture…</source>
        <translation>Capture…</translation>
    </message>
    <message>
        <source>No pages have been captured for this case yet.</source>
        <translation>No pages have been captured for this case yet.</translation>
    </message>
    <message>
        <source>Unsaved changes…</source>
        <translation>Unsaved changes…</translation>
    </message>
    <message>
        <source>✓ received</source>
        <translation>✓ received</translation>
    </message>
    <message>
        <source>✓ electronic licence</source>
        <translation>✓ electronic licence</translation>
    </message>
    <message>
        <source>✓ 容缺 committed</source>
        <translation>✓ 容缺 committed</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>missing</translation>
    </message>
    <message>
        <source>defective</source>
        <translation>defective</translation>
    </message>
    <message>
        <source>needs a date</source>
        <translation>needs a date</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>optional</translation>
    </message>
    <message>
        <source>Draft saved %1</source>
        <translation>Draft saved %1</translation>
    </message>
    <message>
        <source>Asking the server…</source>
        <translation>Asking the server…</translation>
    </message>
    <message>
        <source>%1 valid electronic licences found.</source>
        <translation>%1 valid electronic licences found.</translation>
    </message>
    <message>
        <source>Offline: electronic licences cannot be checked now. Take the paper documents.</source>
        <translation>Offline: electronic licences cannot be checked now. Take the paper documents.</translation>
    </message>
</context>
<context>
    <name>KnowledgeBaseView</name>
    <message>
        <source>Search items, materials, pinyin or codes (Ctrl+F)</source>
        <translation>Search items, materials, pinyin or codes (Ctrl+F)</translation>
    </message>
    <message>
        <source>Print material list… (Ctrl+P)</source>
        <translation>Print material list… (Ctrl+P)</translation>
    </message>
    <message>
        <source>Forms and samples… (Ctrl+B)</source>
        <translation>Forms and samples… (Ctrl+B)</translation>
    </message>
    <message>
        <source>Choose an item to read its guide.</source>
        <translation>Choose an item to read its guide.</translation>
    </message>
    <message>
        <source>Start a case… (Ctrl+N)</source>
        <translation>Start a case… (Ctrl+N)</translation>
    </message>
    <message>
        <source>Find item</source>
        <translation>Find item</translation>
    </message>
    <message>
        <source>Add to or remove from favourites</source>
        <translation>Add to or remove from favourites</translation>
    </message>
    <message>
        <source>Print material list…</source>
        <translation>Print material list…</translation>
    </message>
    <message>
        <source>Blank forms and samples…</source>
        <translation>Blank forms and samples…</translation>
    </message>
    <message>
        <source>Start a case for this item</source>
        <translation>Start a case for this item</translation>
    </message>
    <message>
        <source>★ Favourites (%1)</source>
        <translation>★ Favourites (%1)</translation>
    </message>
    <message>
        <source>Recently opened (%1)</source>
        <translation>Recently opened (%1)</translation>
    </message>
    <message>
        <source>All items (%1)</source>
        <translation>All items (%1)</translation>
    </message>
    <message>
        <source>By department</source>
        <translation>By department</translation>
    </message>
    <message>
        <source>By item type</source>
        <translation>By item type</translation>
    </message>
    <message>
        <source>%1 items</source>
        <translation>%1 items</translation>
    </message>
    <message>
        <source>%1 results</source>
        <translation>%1 results</translation>
    </message>
    <message>
        <source>Nothing found. Try fewer characters, pinyin initials or a material name.</source>
        <translation>Nothing found. Try fewer characters, pinyin initials or a material name.</translation>
    </message>
    <message>
        <source>Search is not available right now.</source>
        <translation>Search is not available right now.</translation>
    </message>
    <message>
        <source>This item is no longer in the catalogue.</source>
        <translation>This item is no longer in the catalogue.</translation>
    </message>
    <message>
        <source>★ In favourites (Ctrl+D)</source>
        <translation>★ In favourites (Ctrl+D)</translation>
    </message>
    <message>
        <source>☆ Add to favourites (Ctrl+D)</source>
        <translation>☆ Add to favourites (Ctrl+D)</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Log in</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>&amp;User name</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>Later</translation>
    </message>
    <message>
        <source>Training mode: log in as demo / demo1234.</source>
        <translation>Training mode: log in as demo / demo1234.</translation>
    </message>
    <message>
        <source>Your session has expired. Enter your password to go on syncing; your work here is not affected.</source>
        <translation>Your session has expired. Enter your password to go on syncing; your work here is not affected.</translation>
    </message>
    <message>
        <source>Enter your user name and password.</source>
        <translation>Enter your user name and password.</translation>
    </message>
    <message>
        <source>Logging in…</source>
        <translation>Logging in…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>TRAINING MODE 培训模式 — practice data only, nothing here is valid</source>
        <translation>TRAINING MODE 培训模式 — practice data only, nothing here is valid</translation>
    </message>
    <message>
        <source>Knowledge base (Ctrl+1)</source>
        <translation>Knowledge base (Ctrl+1)</translation>
    </message>
    <message>
        <source>Intake (Ctrl+2)</source>
        <translation>Intake (Ctrl+2)</translation>
    </message>
    <message>
        <source>My cases (Ctrl+3)</source>
        <translation>My cases (Ctrl+3)</translation>
    </message>
    <message>
        <source>Certificate desk (Ctrl+4)</source>
        <translation>Certificate desk (Ctrl+4)</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>Opening…</translation>
    </message>
    <message>
        <source>Sync now (F5)</source>
        <translation>Sync now (F5)</translation>
    </message>
    <message>
        <source>Clerk Workstation — TRAINING</source>
        <translation>Clerk Workstation — TRAINING</translation>
    </message>
    <message>
        <source>Clerk Workstation</source>
        <translation>Clerk Workstation</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>S&amp;ync</source>
        <translation>S&amp;ync</translation>
    </message>
    <message>
        <source>Sync &amp;now</source>
        <translation>Sync &amp;now</translation>
    </message>
    <message>
        <source>S&amp;top syncing</source>
        <translation>S&amp;top syncing</translation>
    </message>
    <message>
        <source>Sync &amp;details…</source>
        <translation>Sync &amp;details…</translation>
    </message>
    <message>
        <source>&amp;Devices</source>
        <translation>&amp;Devices</translation>
    </message>
    <message>
        <source>&amp;Training</source>
        <translation>&amp;Training</translation>
    </message>
    <message>
        <source>The local database was damaged. It has been set aside as %1; nothing was deleted.</source>
        <translation>The local database was damaged. It has been set aside as %1; nothing was deleted.</translation>
    </message>
    <message>
        <source>It was restored from the automatic backup of %1.</source>
        <translation>It was restored from the automatic backup of %1.</translation>
    </message>
    <message>
        <source>No usable backup was found: the workstation starts with a new local database and downloads the catalogue again.</source>
        <translation>No usable backup was found: the workstation starts with a new local database and downloads the catalogue again.</translation>
    </message>
    <message>
        <source>Records not yet sent could not be read from the damaged file; support can try to recover them from it.</source>
        <translation>Records not yet sent could not be read from the damaged file; support can try to recover them from it.</translation>
    </message>
    <message>
        <source>%1 records not yet sent were found in it; %2 of them were put back and will be sent, the others were already in the backup.</source>
        <translation>%1 records not yet sent were found in it; %2 of them were put back and will be sent, the others were already in the backup.</translation>
    </message>
    <message>
        <source>%1 records not yet sent are in the damaged file; support can recover them from it.</source>
        <translation>%1 records not yet sent are in the damaged file; support can recover them from it.</translation>
    </message>
    <message>
        <source>Please tell support.</source>
        <translation>Please tell support.</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Card reader &amp;diagnostics…</source>
        <translation>Card reader &amp;diagnostics…</translation>
    </message>
    <message>
        <source>Put a demo card on the reader</source>
        <translation>Put a demo card on the reader</translation>
    </message>
    <message>
        <source>Take the card off</source>
        <translation>Take the card off</translation>
    </message>
    <message>
        <source>No server configured: working from the local catalogue. Set the server in Settings.</source>
        <translation>No server configured: working from the local catalogue. Set the server in Settings.</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <source>Stopping the sync…</source>
        <translation>Stopping the sync…</translation>
    </message>
    <message>
        <source>Downloading catalogue: %1 items</source>
        <translation>Downloading catalogue: %1 items</translation>
    </message>
    <message>
        <source>Downloading calendar: %1 days</source>
        <translation>Downloading calendar: %1 days</translation>
    </message>
    <message>
        <source>Downloading forms: %1</source>
        <translation>Downloading forms: %1</translation>
    </message>
    <message>
        <source>Case progress: %1 updates</source>
        <translation>Case progress: %1 updates</translation>
    </message>
    <message>
        <source>Sending: %1 records</source>
        <translation>Sending: %1 records</translation>
    </message>
    <message>
        <source>Sending scanned pages: %1 KB of this page</source>
        <translation>Sending scanned pages: %1 KB of this page</translation>
    </message>
    <message>
        <source>Sync stopped. What was received is kept; the rest follows with the next sync.</source>
        <translation>Sync stopped. What was received is kept; the rest follows with the next sync.</translation>
    </message>
    <message>
        <source>The server had lost %1 cases it had confirmed (restored from a backup?); they were sent again from this workstation.</source>
        <translation>The server had lost %1 cases it had confirmed (restored from a backup?); they were sent again from this workstation.</translation>
    </message>
    <message>
        <source>Last sync %1</source>
        <translation>Last sync %1</translation>
    </message>
    <message>
        <source>Never synced</source>
        <translation>Never synced</translation>
    </message>
    <message>
        <source>%1 waiting to send</source>
        <translation>%1 waiting to send</translation>
    </message>
    <message>
        <source>the oldest for %1</source>
        <translation>the oldest for %1</translation>
    </message>
    <message>
        <source>%1 refused by the server</source>
        <translation>%1 refused by the server</translation>
    </message>
    <message>
        <source>%1 items</source>
        <translation>%1 items</translation>
    </message>
</context>
<context>
    <name>MaterialListDialog</name>
    <message>
        <source>Material list: %1</source>
        <translation>Material list: %1</translation>
    </message>
    <message>
        <source>This item has no situation questions.</source>
        <translation>This item has no situation questions.</translation>
    </message>
    <message>
        <source>%1 materials for this situation</source>
        <translation>%1 materials for this situation</translation>
    </message>
</context>
<context>
    <name>MyCasesView</name>
    <message>
        <source>Open cases</source>
        <translation>Open cases</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>All</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Continue the case (Enter)</source>
        <translation>Continue the case (Enter)</translation>
    </message>
    <message>
        <source>Print the document again (Ctrl+P)</source>
        <translation>Print the document again (Ctrl+P)</translation>
    </message>
    <message>
        <source>Scans as PDF… (Ctrl+Shift+P)</source>
        <translation>Scans as PDF… (Ctrl+Shift+P)</translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>Case number</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>Time left</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>One-time notice</source>
        <translation>One-time notice</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>In review</source>
        <translation>In review</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>Denied</source>
        <translation>Denied</translation>
    </message>
    <message>
        <source>Certificate ready</source>
        <translation>Certificate ready</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <source>Overdue by %1 working days</source>
        <translation>Overdue by %1 working days</translation>
    </message>
    <message>
        <source>Due today</source>
        <translation>Due today</translation>
    </message>
    <message>
        <source>%1 working days</source>
        <translation>%1 working days</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>✓</source>
        <translation>✓</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>waiting</translation>
    </message>
    <message>
        <source>%1 cases</source>
        <translation>%1 cases</translation>
    </message>
    <message>
        <source>%1 due within a working day</source>
        <translation>%1 due within a working day</translation>
    </message>
    <message>
        <source>%1 overdue</source>
        <translation>%1 overdue</translation>
    </message>
    <message>
        <source>This case has no captured pages.</source>
        <translation>This case has no captured pages.</translation>
    </message>
</context>
<context>
    <name>OutputBar</name>
    <message>
        <source>Looking for printers…</source>
        <translation>Looking for printers…</translation>
    </message>
    <message>
        <source>P&amp;rinter:</source>
        <translation>P&amp;rinter:</translation>
    </message>
    <message>
        <source>&amp;Copies:</source>
        <translation>&amp;Copies:</translation>
    </message>
    <message>
        <source>&amp;Print</source>
        <translation>&amp;Print</translation>
    </message>
    <message>
        <source>&amp;Save PDF…</source>
        <translation>&amp;Save PDF…</translation>
    </message>
    <message>
        <source>&amp;Open in viewer</source>
        <translation>&amp;Open in viewer</translation>
    </message>
    <message>
        <source>Opens the PDF in the system viewer.</source>
        <translation>Opens the PDF in the system viewer.</translation>
    </message>
    <message>
        <source>No printer available</source>
        <translation>No printer available</translation>
    </message>
    <message>
        <source>Sending to %1…</source>
        <translation>Sending to %1…</translation>
    </message>
    <message>
        <source>Sent to %1 (job %2).</source>
        <translation>Sent to %1 (job %2).</translation>
    </message>
    <message>
        <source>Save PDF</source>
        <translation>Save PDF</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
</context>
<context>
    <name>PartyForm</name>
    <message>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Checked by eye (a document the workstation cannot check)</source>
        <translation>Checked by eye (a document the workstation cannot check)</translation>
    </message>
    <message>
        <source>Applicant is</source>
        <translation>Applicant is</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Document n&amp;umber</source>
        <translation>Document n&amp;umber</translation>
    </message>
    <message>
        <source>P&amp;hone</source>
        <translation>P&amp;hone</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Legal representative</source>
        <translation>Legal representative</translation>
    </message>
</context>
<context>
    <name>PdfExport</name>
    <message>
        <source>Save the scans as PDF</source>
        <translation>Save the scans as PDF</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
</context>
<context>
    <name>PdfPreview</name>
    <message>
        <source>Preparing the preview…</source>
        <translation>Preparing the preview…</translation>
    </message>
    <message>
        <source>No preview: install poppler-utils. The PDF can still be saved and printed.</source>
        <translation>No preview: install poppler-utils. The PDF can still be saved and printed.</translation>
    </message>
</context>
<context>
    <name>PracticeDialog</name>
    <message>
        <source>Start a practice run</source>
        <translation>Start a practice run</translation>
    </message>
    <message>
        <source>The trainee&apos;s name</source>
        <translation>The trainee&apos;s name</translation>
    </message>
    <message>
        <source>[level %1] %2</source>
        <translation>[level %1] %2</translation>
    </message>
    <message>
        <source>does not fit the catalogue: %1</source>
        <translation>does not fit the catalogue: %1</translation>
    </message>
    <message>
        <source>Scenario files that could not be loaded (%1):</source>
        <translation>Scenario files that could not be loaded (%1):</translation>
    </message>
    <message>
        <source>&amp;Start (Ctrl+Return)</source>
        <translation>&amp;Start (Ctrl+Return)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <source>&amp;Trainee</source>
        <translation>&amp;Trainee</translation>
    </message>
    <message>
        <source>S&amp;cenarios (Space ticks)</source>
        <translation>S&amp;cenarios (Space ticks)</translation>
    </message>
    <message>
        <source>Enter the trainee&apos;s name.</source>
        <translation>Enter the trainee&apos;s name.</translation>
    </message>
    <message>
        <source>Tick at least one scenario.</source>
        <translation>Tick at least one scenario.</translation>
    </message>
</context>
<context>
    <name>ReceiptDialog</name>
    <message>
        <source>Hand-over receipt</source>
        <extracomment>The printer offered first, and how the clerk&apos;s choice is remembered (None: not).</extracomment>
        <translation>Hand-over receipt</translation>
    </message>
</context>
<context>
    <name>RefusalDialog</name>
    <message>
        <source>Refuse the application</source>
        <translation>Refuse the application</translation>
    </message>
    <message>
        <source>e.g. 《中华人民共和国行政许可法》第三十二条</source>
        <translation>e.g. 《中华人民共和国行政许可法》第三十二条</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <source>Correct the serial of sheet %1</source>
        <translation>Correct the serial of sheet %1</translation>
    </message>
    <message>
        <source>The server refused sheet %1: another desk (%2) used that serial on %3. The serial was most likely typed wrong: read the one printed on the sheet in hand. The wrong serial is released; nothing is reprinted.</source>
        <translation>The server refused sheet %1: another desk (%2) used that serial on %3. The serial was most likely typed wrong: read the one printed on the sheet in hand. The wrong serial is released; nothing is reprinted.</translation>
    </message>
    <message>
        <source>&amp;Serial on the sheet</source>
        <translation>&amp;Serial on the sheet</translation>
    </message>
    <message>
        <source>Serial typed wrong</source>
        <translation>Serial typed wrong</translation>
    </message>
    <message>
        <source>&amp;Correct the serial (Ctrl+Return)</source>
        <translation>&amp;Correct the serial (Ctrl+Return)</translation>
    </message>
    <message>
        <source>Issued by another desk: %1</source>
        <translation>Issued by another desk: %1</translation>
    </message>
    <message>
        <source>Another desk (%2) issued case %4 first, on %3. What was printed here (sheet %1) must not be handed out: every sheet printed here for it is voided, and the case leaves this desk. Keep the sheets for the stock keeper.</source>
        <translation>Another desk (%2) issued case %4 first, on %3. What was printed here (sheet %1) must not be handed out: every sheet printed here for it is voided, and the case leaves this desk. Keep the sheets for the stock keeper.</translation>
    </message>
    <message>
        <source>Issued by another desk first</source>
        <translation>Issued by another desk first</translation>
    </message>
    <message>
        <source>&amp;Void and give it up (Ctrl+Return)</source>
        <translation>&amp;Void and give it up (Ctrl+Return)</translation>
    </message>
    <message>
        <source>A record the server refused</source>
        <translation>A record the server refused</translation>
    </message>
    <message>
        <source>The server refused a desk record (%1, sheet %2). The desk cannot put it right; see Sync details (Ctrl+Shift+Y).</source>
        <translation>The server refused a desk record (%1, sheet %2). The desk cannot put it right; see Sync details (Ctrl+Shift+Y).</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>&amp;Reason</translation>
    </message>
    <message>
        <source>Enter the serial printed on the sheet.</source>
        <translation>Enter the serial printed on the sheet.</translation>
    </message>
    <message>
        <source>Sheet %1 corrected to %2; it is sent again.</source>
        <translation>Sheet %1 corrected to %2; it is sent again.</translation>
    </message>
    <message>
        <source>Given up; sheets voided: %1.</source>
        <translation>Given up; sheets voided: %1.</translation>
    </message>
    <message>
        <source>Legal &amp;basis</source>
        <translation>Legal &amp;basis</translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <source>Trainee report: %1</source>
        <translation>Trainee report: %1</translation>
    </message>
    <message>
        <source>%1: %2 of 100 points over %3 scenario(s).</source>
        <translation>%1: %2 of 100 points over %3 scenario(s).</translation>
    </message>
</context>
<context>
    <name>ResetDialog</name>
    <message>
        <source>Reset the sandbox</source>
        <translation>Reset the sandbox</translation>
    </message>
    <message>
        <source>Reset the sandbox &amp;to:</source>
        <translation>Reset the sandbox &amp;to:</translation>
    </message>
    <message>
        <source>&amp;Reset and restart…</source>
        <translation>&amp;Reset and restart…</translation>
    </message>
    <message>
        <source>&amp;Delete snapshot…</source>
        <translation>&amp;Delete snapshot…</translation>
    </message>
    <message>
        <source>Clean state — the demo data as installed</source>
        <translation>Clean state — the demo data as installed</translation>
    </message>
    <message>
        <source>Snapshot “%1” — saved %2, %3</source>
        <translation>Snapshot “%1” — saved %2, %3</translation>
    </message>
    <message>
        <source>the clean state</source>
        <translation>the clean state</translation>
    </message>
    <message>
        <source>the snapshot “%1”</source>
        <translation>the snapshot “%1”</translation>
    </message>
    <message>
        <source>Reset the sandbox to %1?</source>
        <translation>Reset the sandbox to %1?</translation>
    </message>
    <message>
        <source>Reset and restart</source>
        <translation>Reset and restart</translation>
    </message>
    <message>
        <source>Delete the snapshot</source>
        <translation>Delete the snapshot</translation>
    </message>
    <message>
        <source>Delete the snapshot “%1”? The sandbox can no longer be reset to it.</source>
        <translation>Delete the snapshot “%1”? The sandbox can no longer be reset to it.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
</context>
<context>
    <name>ResultsDialog</name>
    <message>
        <source>Trainees&apos; results</source>
        <translation>Trainees&apos; results</translation>
    </message>
    <message>
        <source>Trainee</source>
        <translation>Trainee</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Runs</translation>
    </message>
    <message>
        <source>Applicants</source>
        <translation>Applicants</translation>
    </message>
    <message>
        <source>Average</source>
        <translation>Average</translation>
    </message>
    <message>
        <source>Best</source>
        <translation>Best</translation>
    </message>
    <message>
        <source>Last run</source>
        <translation>Last run</translation>
    </message>
    <message>
        <source>Minutes per applicant</source>
        <translation>Minutes per applicant</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Started</translation>
    </message>
    <message>
        <source>Scenarios</source>
        <translation>Scenarios</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>&amp;Open the report (Enter)</source>
        <translation>&amp;Open the report (Enter)</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <source>Trainees, best average first:</source>
        <translation>Trainees, best average first:</translation>
    </message>
    <message>
        <source>Practice runs, newest first:</source>
        <translation>Practice runs, newest first:</translation>
    </message>
</context>
<context>
    <name>SandboxMenu</name>
    <message>
        <source>Everything done in the sandbox is lost and the demo data comes back as installed:</source>
        <translation>Everything done in the sandbox is lost and the demo data comes back as installed:</translation>
    </message>
    <message>
        <source>Everything done in the sandbox since the snapshot “%1” was saved (%2) is lost:</source>
        <translation>Everything done in the sandbox since the snapshot “%1” was saved (%2) is lost:</translation>
    </message>
    <message>
        <source>cases, drafts and captured pages, certificate desk records, what the training server received, and changed settings;</source>
        <translation>cases, drafts and captured pages, certificate desk records, what the training server received, and changed settings;</translation>
    </message>
    <message>
        <source>the documents in the printed documents folder.</source>
        <translation>the documents in the printed documents folder.</translation>
    </message>
    <message>
        <source>Saved snapshots and the records of practice runs are kept. The workstation restarts and asks for the login again.</source>
        <translation>Saved snapshots and the records of practice runs are kept. The workstation restarts and asks for the login again.</translation>
    </message>
    <message>
        <source>Sa&amp;ve a snapshot…</source>
        <translation>Sa&amp;ve a snapshot…</translation>
    </message>
    <message>
        <source>Reset the sand&amp;box…</source>
        <translation>Reset the sand&amp;box…</translation>
    </message>
    <message>
        <source>&amp;Open the printed documents folder</source>
        <translation>&amp;Open the printed documents folder</translation>
    </message>
    <message>
        <source>Saving the snapshot “%1”…</source>
        <translation>Saving the snapshot “%1”…</translation>
    </message>
    <message>
        <source>Snapshot “%1” saved (%2).</source>
        <translation>Snapshot “%1” saved (%2).</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>The sandbox could not be reset: %1 It opens as it was.</source>
        <translation>The sandbox could not be reset: %1 It opens as it was.</translation>
    </message>
    <message>
        <source>Resetting the sandbox…</source>
        <translation>Resetting the sandbox…</translation>
    </message>
    <message>
        <source>The folder could not be opened. It is %1</source>
        <translation>The folder could not be opened. It is %1</translation>
    </message>
</context>
<context>
    <name>SaveSnapshotDialog</name>
    <message>
        <source>Save a snapshot of the sandbox</source>
        <translation>Save a snapshot of the sandbox</translation>
    </message>
    <message>
        <source>e.g. 三个待补正的案件</source>
        <translation>e.g. 三个待补正的案件</translation>
    </message>
    <message>
        <source>Snapshot &amp;name:</source>
        <translation>Snapshot &amp;name:</translation>
    </message>
    <message>
        <source>A snapshot keeps everything in the sandbox as it is now: cases, drafts, captured pages, certificate desk records, the training server&apos;s data and the settings. Reset the sandbox to it later from the Training menu.</source>
        <translation>A snapshot keeps everything in the sandbox as it is now: cases, drafts, captured pages, certificate desk records, the training server&apos;s data and the settings. Reset the sandbox to it later from the Training menu.</translation>
    </message>
    <message>
        <source>Give the snapshot a name without “/” or “\” (at most 80 characters).</source>
        <translation>Give the snapshot a name without “/” or “\” (at most 80 characters).</translation>
    </message>
    <message>
        <source>Replace the snapshot?</source>
        <translation>Replace the snapshot?</translation>
    </message>
    <message>
        <source>A snapshot named “%1” exists. Replace it with the sandbox as it is now?</source>
        <translation>A snapshot named “%1” exists. Replace it with the sandbox as it is now?</translation>
    </message>
</context>
<context>
    <name>ScenarioPanel</name>
    <message>
        <source>At the counter (training)</source>
        <translation>At the counter (training)</translation>
    </message>
    <message>
        <source>Applicant&apos;s card on the reader (F8)</source>
        <translation>Applicant&apos;s card on the reader (F8)</translation>
    </message>
    <message>
        <source>Agent&apos;s card on the reader (Shift+F8)</source>
        <translation>Agent&apos;s card on the reader (Shift+F8)</translation>
    </message>
    <message>
        <source>Hint (Ctrl+Shift+H, costs 5 points)</source>
        <translation>Hint (Ctrl+Shift+H, costs 5 points)</translation>
    </message>
    <message>
        <source>Done with this applicant (Ctrl+Shift+D)</source>
        <translation>Done with this applicant (Ctrl+Shift+D)</translation>
    </message>
    <message>
        <source>Represented by %1</source>
        <translation>Represented by %1</translation>
    </message>
    <message>
        <source>Document valid until %1</source>
        <translation>Document valid until %1</translation>
    </message>
    <message>
        <source>Phone %1</source>
        <translation>Phone %1</translation>
    </message>
    <message>
        <source>Has the card “%1” to put on the reader.</source>
        <translation>Has the card “%1” to put on the reader.</translation>
    </message>
    <message>
        <source>Applicant %1 of %2</source>
        <translation>Applicant %1 of %2</translation>
    </message>
    <message>
        <source>Applicant:</source>
        <translation>Applicant:</translation>
    </message>
    <message>
        <source>Agent (acting for the applicant):</source>
        <translation>Agent (acting for the applicant):</translation>
    </message>
    <message>
        <source>Hands over:</source>
        <translation>Hands over:</translation>
    </message>
    <message>
        <source>Mentions:</source>
        <translation>Mentions:</translation>
    </message>
    <message>
        <source>Time: %1</source>
        <translation>Time: %1</translation>
    </message>
    <message>
        <source>Time: %1 of %2 min</source>
        <translation>Time: %1 of %2 min</translation>
    </message>
    <message>
        <source>(over)</source>
        <translation>(over)</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>System certificates</source>
        <translation>System certificates</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Material lists</source>
        <translation>Material lists</translation>
    </message>
    <message>
        <source>Blank forms</source>
        <translation>Blank forms</translation>
    </message>
    <message>
        <source>Acceptance notices</source>
        <translation>Acceptance notices</translation>
    </message>
    <message>
        <source>One-time notices</source>
        <translation>One-time notices</translation>
    </message>
    <message>
        <source>Refusals</source>
        <translation>Refusals</translation>
    </message>
    <message>
        <source>Certificates</source>
        <translation>Certificates</translation>
    </message>
    <message>
        <source>Printers</source>
        <translation>Printers</translation>
    </message>
    <message>
        <source>Looking for printers…</source>
        <translation>Looking for printers…</translation>
    </message>
    <message>
        <source>Card readers</source>
        <translation>Card readers</translation>
    </message>
    <message>
        <source>Automatic (the reader with a document on it)</source>
        <translation>Automatic (the reader with a document on it)</translation>
    </message>
    <message>
        <source>%1 (not connected now)</source>
        <translation>%1 (not connected now)</translation>
    </message>
    <message>
        <source>None: no ID-card reader</source>
        <translation>None: no ID-card reader</translation>
    </message>
    <message>
        <source>The same library</source>
        <translation>The same library</translation>
    </message>
    <message>
        <source>USB %1</source>
        <translation>USB %1</translation>
    </message>
    <message>
        <source>Serial port %1</source>
        <translation>Serial port %1</translation>
    </message>
    <message>
        <source>&amp;Diagnostics…</source>
        <translation>&amp;Diagnostics…</translation>
    </message>
    <message>
        <source>Passport &amp;reader</source>
        <translation>Passport &amp;reader</translation>
    </message>
    <message>
        <source>ID-card reader &amp;library</source>
        <translation>ID-card reader &amp;library</translation>
    </message>
    <message>
        <source>Photo &amp;decoder</source>
        <translation>Photo &amp;decoder</translation>
    </message>
    <message>
        <source>ID-card reader &amp;port</source>
        <translation>ID-card reader &amp;port</translation>
    </message>
    <message>
        <source>Document capture</source>
        <translation>Document capture</translation>
    </message>
    <message>
        <source>Training demo papers</source>
        <translation>Training demo papers</translation>
    </message>
    <message>
        <source>None</source>
        <translation>None</translation>
    </message>
    <message>
        <source>Chosen when scanning</source>
        <translation>Chosen when scanning</translation>
    </message>
    <message>
        <source>Flatbed</source>
        <translation>Flatbed</translation>
    </message>
    <message>
        <source>Document feeder</source>
        <translation>Document feeder</translation>
    </message>
    <message>
        <source>Document feeder, both sides</source>
        <translation>Document feeder, both sides</translation>
    </message>
    <message>
        <source>%1 dpi</source>
        <translation>%1 dpi</translation>
    </message>
    <message>
        <source>Black and white document</source>
        <translation>Black and white document</translation>
    </message>
    <message>
        <source>Grey</source>
        <translation>Grey</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>Colour</translation>
    </message>
    <message>
        <source>Document ca&amp;mera</source>
        <translation>Document ca&amp;mera</translation>
    </message>
    <message>
        <source>Sca&amp;nner</source>
        <translation>Sca&amp;nner</translation>
    </message>
    <message>
        <source>Paper &amp;from</source>
        <translation>Paper &amp;from</translation>
    </message>
    <message>
        <source>Sending over slow lines</source>
        <translation>Sending over slow lines</translation>
    </message>
    <message>
        <source>Pages sent in pieces of</source>
        <translation>Pages sent in pieces of</translation>
    </message>
    <message>
        <source> KB</source>
        <translation> KB</translation>
    </message>
    <message>
        <source>Upload at most</source>
        <translation>Upload at most</translation>
    </message>
    <message>
        <source> KB/s</source>
        <translation> KB/s</translation>
    </message>
    <message>
        <source>Warn when waiting longer than</source>
        <translation>Warn when waiting longer than</translation>
    </message>
    <message>
        <source> h</source>
        <translation> h</translation>
    </message>
    <message>
        <source>Keep sent pages here for</source>
        <translation>Keep sent pages here for</translation>
    </message>
    <message>
        <source> days</source>
        <translation> days</translation>
    </message>
    <message>
        <source>Warn below free disk space of</source>
        <translation>Warn below free disk space of</translation>
    </message>
    <message>
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>no limit</translation>
    </message>
    <message>
        <source>Send large pages only &amp;between</source>
        <translation>Send large pages only &amp;between</translation>
    </message>
    <message>
        <source>every page</source>
        <translation>every page</translation>
    </message>
    <message>
        <source>and</source>
        <translation>and</translation>
    </message>
    <message>
        <source>Large pages: from</source>
        <translation>Large pages: from</translation>
    </message>
    <message>
        <source>Server &amp;URL</source>
        <translation>Server &amp;URL</translation>
    </message>
    <message>
        <source>&amp;CA bundle</source>
        <translation>&amp;CA bundle</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>Sync &amp;every</source>
        <translation>Sync &amp;every</translation>
    </message>
    <message>
        <source>Server, language and card reader changes take effect after a restart.</source>
        <translation>Server, language and card reader changes take effect after a restart.</translation>
    </message>
    <message>
        <source>Send large pages only between</source>
        <translation>Send large pages only between</translation>
    </message>
    <message>
        <source>ID-card reader library</source>
        <translation>ID-card reader library</translation>
    </message>
    <message>
        <source>Photo decoder</source>
        <translation>Photo decoder</translation>
    </message>
    <message>
        <source>Training mode always uses its built-in training server.</source>
        <translation>Training mode always uses its built-in training server.</translation>
    </message>
    <message>
        <source>Camera resolu&amp;tion</source>
        <translation>Camera resolu&amp;tion</translation>
    </message>
    <message>
        <source>Sc&amp;an resolution</source>
        <translation>Sc&amp;an resolution</translation>
    </message>
    <message>
        <source>Pages st&amp;ored at</source>
        <translation>Pages st&amp;ored at</translation>
    </message>
    <message>
        <source>Usual loo&amp;k</source>
        <translation>Usual loo&amp;k</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>System default</translation>
    </message>
    <message>
        <source>%1 (not available now)</source>
        <translation>%1 (not available now)</translation>
    </message>
    <message>
        <source>%1 printers available.</source>
        <translation>%1 printers available.</translation>
    </message>
    <message>
        <source>Vendor library</source>
        <translation>Vendor library</translation>
    </message>
    <message>
        <source>Shared libraries (*.so *.so.*);;All files (*)</source>
        <translation>Shared libraries (*.so *.so.*);;All files (*)</translation>
    </message>
    <message>
        <source>CA bundle</source>
        <translation>CA bundle</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt);;All files (*)</source>
        <translation>Certificates (*.pem *.crt);;All files (*)</translation>
    </message>
    <message>
        <source>Server URL</source>
        <translation>Server URL</translation>
    </message>
</context>
<context>
    <name>SheetDialog</name>
    <message>
        <source>Reprint %1</source>
        <translation>Reprint %1</translation>
    </message>
    <message>
        <source>Issue %1</source>
        <translation>Issue %1</translation>
    </message>
    <message>
        <source>Case %1</source>
        <translation>Case %1</translation>
    </message>
    <message>
        <source>Applicant: %1 (%2)</source>
        <translation>Applicant: %1 (%2)</translation>
    </message>
    <message>
        <source>Looking for printers…</source>
        <translation>Looking for printers…</translation>
    </message>
    <message>
        <source>e.g. the applicant lost it, the sheet was damaged</source>
        <translation>e.g. the applicant lost it, the sheet was damaged</translation>
    </message>
    <message>
        <source>S&amp;tock type</source>
        <translation>S&amp;tock type</translation>
    </message>
    <message>
        <source>&amp;Serial on the sheet</source>
        <translation>&amp;Serial on the sheet</translation>
    </message>
    <message>
        <source>P&amp;rinter</source>
        <translation>P&amp;rinter</translation>
    </message>
    <message>
        <source>Re&amp;ason for the reprint</source>
        <translation>Re&amp;ason for the reprint</translation>
    </message>
    <message>
        <source>The serial is right: print on a sheet &amp;outside the shift&apos;s stock</source>
        <translation>The serial is right: print on a sheet &amp;outside the shift&apos;s stock</translation>
    </message>
    <message>
        <source>Print (Ctrl+P)</source>
        <translation>Print (Ctrl+P)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <source>&amp;Yes, record the reprint (Enter)</source>
        <translation>&amp;Yes, record the reprint (Enter)</translation>
    </message>
    <message>
        <source>&amp;Yes, record it (Enter)</source>
        <translation>&amp;Yes, record it (Enter)</translation>
    </message>
    <message>
        <source>&amp;No, the sheet is spoiled… (Ctrl+D)</source>
        <translation>&amp;No, the sheet is spoiled… (Ctrl+D)</translation>
    </message>
    <message>
        <source>e.g. paper jam, printed off the fields, smudged</source>
        <translation>e.g. paper jam, printed off the fields, smudged</translation>
    </message>
    <message>
        <source>&amp;Why is it spoiled?</source>
        <translation>&amp;Why is it spoiled?</translation>
    </message>
    <message>
        <source>&amp;Void the sheet (Enter)</source>
        <translation>&amp;Void the sheet (Enter)</translation>
    </message>
    <message>
        <source>&amp;Back: the sheet is fine</source>
        <translation>&amp;Back: the sheet is fine</translation>
    </message>
    <message>
        <source>No stock type at this desk is meant for this certificate (%1).</source>
        <translation>No stock type at this desk is meant for this certificate (%1).</translation>
    </message>
    <message>
        <source>Enter or scan the serial of the sheet in the printer.</source>
        <translation>Enter or scan the serial of the sheet in the printer.</translation>
    </message>
    <message>
        <source>Checking the serial…</source>
        <translation>Checking the serial…</translation>
    </message>
    <message>
        <source>Confirm the serial outside the shift&apos;s stock first.</source>
        <translation>Confirm the serial outside the shift&apos;s stock first.</translation>
    </message>
    <message>
        <source>Preparing the certificate…</source>
        <translation>Preparing the certificate…</translation>
    </message>
    <message>
        <source>The certificate cannot be printed as it is.</source>
        <translation>The certificate cannot be printed as it is.</translation>
    </message>
    <message>
        <source>No printer to print on.</source>
        <translation>No printer to print on.</translation>
    </message>
    <message>
        <source>A reprint needs a reason.</source>
        <translation>A reprint needs a reason.</translation>
    </message>
    <message>
        <source>Print is not possible yet:</source>
        <translation>Print is not possible yet:</translation>
    </message>
    <message>
        <source>No printer available</source>
        <translation>No printer available</translation>
    </message>
    <message>
        <source>This certificate&apos;s template (%1) is not installed; ask support.</source>
        <translation>This certificate&apos;s template (%1) is not installed; ask support.</translation>
    </message>
    <message>
        <source>Printing on %1…</source>
        <translation>Printing on %1…</translation>
    </message>
    <message>
        <source>Sent to %1 (job %2).</source>
        <translation>Sent to %1 (job %2).</translation>
    </message>
    <message>
        <source>Did the sheet come out right? Check every field on sheet %1: in its box, complete, clean.</source>
        <translation>Did the sheet come out right? Check every field on sheet %1: in its box, complete, clean.</translation>
    </message>
    <message>
        <source>Nothing was recorded.</source>
        <translation>Nothing was recorded.</translation>
    </message>
    <message>
        <source>Sheet %1 will be voided: it is never used again. Keep it for the stock keeper.</source>
        <translation>Sheet %1 will be voided: it is never used again. Keep it for the stock keeper.</translation>
    </message>
    <message>
        <source>Say why the sheet is spoiled.</source>
        <translation>Say why the sheet is spoiled.</translation>
    </message>
    <message>
        <source>Sheet %1 is voided. Put the next sheet in the printer and print again, or close.</source>
        <translation>Sheet %1 is voided. Put the next sheet in the printer and print again, or close.</translation>
    </message>
    <message>
        <source>Wait: the sheet is being printed.</source>
        <translation>Wait: the sheet is being printed.</translation>
    </message>
    <message>
        <source>Answer first: did the sheet come out right? A printed sheet must be recorded or voided.</source>
        <translation>Answer first: did the sheet come out right? A printed sheet must be recorded or voided.</translation>
    </message>
</context>
<context>
    <name>ShiftSummaryDialog</name>
    <message>
        <source>End the shift</source>
        <translation>End the shift</translation>
    </message>
    <message>
        <source>The summary as it stands now. Ending the shift makes the counts final; the remaining sheets go to the next shift.</source>
        <translation>The summary as it stands now. Ending the shift makes the counts final; the remaining sheets go to the next shift.</translation>
    </message>
    <message>
        <source>&amp;End the shift now (Ctrl+E)</source>
        <translation>&amp;End the shift now (Ctrl+E)</translation>
    </message>
    <message>
        <source>The shift ended at %1. Print the summary and hand it over with the remaining sheets.</source>
        <translation>The shift ended at %1. Print the summary and hand it over with the remaining sheets.</translation>
    </message>
</context>
<context>
    <name>SignatureWindow</name>
    <message>
        <source>Signature</source>
        <translation>Signature</translation>
    </message>
    <message>
        <source>Please sign below to confirm you received: %1</source>
        <translation>Please sign below to confirm you received: %1</translation>
    </message>
    <message>
        <source>Clear and sign again</source>
        <translation>Clear and sign again</translation>
    </message>
    <message>
        <source>Done (Ctrl+Enter)</source>
        <translation>Done (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Sign with your finger, the pen or the mouse.</source>
        <translation>Sign with your finger, the pen or the mouse.</translation>
    </message>
    <message>
        <source>Discard this signature? Esc again discards it; Ctrl+Enter keeps it.</source>
        <translation>Discard this signature? Esc again discards it; Ctrl+Enter keeps it.</translation>
    </message>
</context>
<context>
    <name>StartShiftDialog</name>
    <message>
        <source>Start the shift</source>
        <translation>Start the shift</translation>
    </message>
    <message>
        <source>Enter the serials of the sheets you take over, per stock type: the first and the last of each pack (one or more ranges). Leave a stock type empty if you have none of it.</source>
        <translation>Enter the serials of the sheets you take over, per stock type: the first and the last of each pack (one or more ranges). Leave a stock type empty if you have none of it.</translation>
    </message>
    <message>
        <source>Prefilled with what the last shift left.</source>
        <translation>Prefilled with what the last shift left.</translation>
    </message>
    <message>
        <source>e.g. %1</source>
        <translation>e.g. %1</translation>
    </message>
    <message>
        <source>First</source>
        <translation>First</translation>
    </message>
    <message>
        <source>Last</source>
        <translation>Last</translation>
    </message>
    <message>
        <source>Another range</source>
        <translation>Another range</translation>
    </message>
    <message>
        <source>&amp;Start the shift (Ctrl+Return)</source>
        <translation>&amp;Start the shift (Ctrl+Return)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <source>Enter at least one range of sheets.</source>
        <translation>Enter at least one range of sheets.</translation>
    </message>
    <message>
        <source>Serials of %1 look like %2.</source>
        <translation>Serials of %1 look like %2.</translation>
    </message>
    <message>
        <source>“%1” is not a serial of %2: they look like %3.</source>
        <translation>“%1” is not a serial of %2: they look like %3.</translation>
    </message>
</context>
<context>
    <name>SyncPanel</name>
    <message>
        <source>%1 days</source>
        <translation>%1 days</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Nothing is being sent right now.</source>
        <translation>Nothing is being sent right now.</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>What to do</source>
        <translation>What to do</translation>
    </message>
    <message>
        <source>No record has failed.</source>
        <translation>No record has failed.</translation>
    </message>
    <message>
        <source>Send &amp;again (Ctrl+R)</source>
        <translation>Send &amp;again (Ctrl+R)</translation>
    </message>
    <message>
        <source>&amp;Let go… (Del)</source>
        <translation>&amp;Let go… (Del)</translation>
    </message>
    <message>
        <source>Send large pages n&amp;ow (Ctrl+U)</source>
        <translation>Send large pages n&amp;ow (Ctrl+U)</translation>
    </message>
    <message>
        <source>Sync &amp;now (F5)</source>
        <translation>Sync &amp;now (F5)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Records that failed:</source>
        <translation>Records that failed:</translation>
    </message>
    <message>
        <source>Online: the server can be reached.</source>
        <translation>Online: the server can be reached.</translation>
    </message>
    <message>
        <source>Offline: everything entered is kept here and sent when the server can be reached.</source>
        <translation>Offline: everything entered is kept here and sent when the server can be reached.</translation>
    </message>
    <message>
        <source>Last successful sync: %1</source>
        <translation>Last successful sync: %1</translation>
    </message>
    <message>
        <source>Never synced with the server.</source>
        <translation>Never synced with the server.</translation>
    </message>
    <message>
        <source>Waiting to be sent: %1 records</source>
        <translation>Waiting to be sent: %1 records</translation>
    </message>
    <message>
        <source>, %1 of scanned pages</source>
        <translation>, %1 of scanned pages</translation>
    </message>
    <message>
        <source>Nothing is waiting to be sent.</source>
        <translation>Nothing is waiting to be sent.</translation>
    </message>
    <message>
        <source>The oldest record has been waiting for %1. Check the connection to the server, or call support if it stays offline.</source>
        <translation>The oldest record has been waiting for %1. Check the connection to the server, or call support if it stays offline.</translation>
    </message>
    <message>
        <source>Upload window %1: open, large scanned pages are being sent.</source>
        <translation>Upload window %1: open, large scanned pages are being sent.</translation>
    </message>
    <message>
        <source>%2 large scanned pages (%3) wait for the upload window %1; it opens at %4. For an urgent case, send them now.</source>
        <translation>%2 large scanned pages (%3) wait for the upload window %1; it opens at %4. For an urgent case, send them now.</translation>
    </message>
    <message>
        <source>Scanned pages from %5 on are sent only in the upload window %1.</source>
        <translation>Scanned pages from %5 on are sent only in the upload window %1.</translation>
    </message>
    <message>
        <source>Scanned page</source>
        <translation>Scanned page</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>Retrying (%1 tries)</source>
        <translation>Retrying (%1 tries)</translation>
    </message>
    <message>
        <source>Scanned pages of this case could not be sent.</source>
        <translation>Scanned pages of this case could not be sent.</translation>
    </message>
    <message>
        <source>A scanned page is missing on this workstation.</source>
        <translation>A scanned page is missing on this workstation.</translation>
    </message>
    <message>
        <source>A scanned page on this workstation is damaged.</source>
        <translation>A scanned page on this workstation is damaged.</translation>
    </message>
    <message>
        <source>The server refused the record: %1</source>
        <translation>The server refused the record: %1</translation>
    </message>
    <message>
        <source>The server already holds another record under this workstation&apos;s number for it.</source>
        <translation>The server already holds another record under this workstation&apos;s number for it.</translation>
    </message>
    <message>
        <source>Nothing: it is retried automatically.</source>
        <translation>Nothing: it is retried automatically.</translation>
    </message>
    <message>
        <source>Ask support to restore the page, then send again; the case itself is kept here.</source>
        <translation>Ask support to restore the page, then send again; the case itself is kept here.</translation>
    </message>
    <message>
        <source>Clear it up with the back office; send again once the server accepts it, or let it go.</source>
        <translation>Clear it up with the back office; send again once the server accepts it, or let it go.</translation>
    </message>
    <message>
        <source>Send again once the cause is fixed, or let it go.</source>
        <translation>Send again once the cause is fixed, or let it go.</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <source> at %1/s</source>
        <translation> at %1/s</translation>
    </message>
    <message>
        <source>Sending a scanned page: %1 sent%2</source>
        <translation>Sending a scanned page: %1 sent%2</translation>
    </message>
    <message>
        <source>The waiting large pages are sent now (%1 records).</source>
        <translation>The waiting large pages are sent now (%1 records).</translation>
    </message>
    <message>
        <source>It is sent with the next sync.</source>
        <translation>It is sent with the next sync.</translation>
    </message>
    <message>
        <source>Let go; this is recorded.</source>
        <translation>Let go; this is recorded.</translation>
    </message>
    <message>
        <source>It is no longer a refused record.</source>
        <translation>It is no longer a refused record.</translation>
    </message>
    <message>
        <source>Let this refused record go? It will not be sent to the server; the case stays on this workstation and your decision is recorded.</source>
        <translation>Let this refused record go? It will not be sent to the server; the case stays on this workstation and your decision is recorded.</translation>
    </message>
</context>
<context>
    <name>Training</name>
    <message>
        <source>accept</source>
        <translation>accept</translation>
    </message>
    <message>
        <source>one-time notice</source>
        <translation>one-time notice</translation>
    </message>
    <message>
        <source>refuse</source>
        <translation>refuse</translation>
    </message>
    <message>
        <source>the acceptance receipt</source>
        <translation>the acceptance receipt</translation>
    </message>
    <message>
        <source>the one-time notice</source>
        <translation>the one-time notice</translation>
    </message>
    <message>
        <source>the refusal</source>
        <translation>the refusal</translation>
    </message>
    <message>
        <source>No case was decided for this applicant (not accepted, notified or refused).</source>
        <translation>No case was decided for this applicant (not accepted, notified or refused).</translation>
    </message>
    <message>
        <source>The wrong service item: the case was taken in as “{chosen}”.</source>
        <translation>The wrong service item: the case was taken in as “{chosen}”.</translation>
    </message>
    <message>
        <source>The applicant is wrong: “{recorded}” was entered, it should be “{expected}”.</source>
        <translation>The applicant is wrong: “{recorded}” was entered, it should be “{expected}”.</translation>
    </message>
    <message>
        <source>The agent “{expected}” was not recorded.</source>
        <translation>The agent “{expected}” was not recorded.</translation>
    </message>
    <message>
        <source>The applicant came in person, but an agent “{recorded}” was recorded.</source>
        <translation>The applicant came in person, but an agent “{recorded}” was recorded.</translation>
    </message>
    <message>
        <source>The agent is wrong: “{recorded}” was entered, it should be “{expected}”.</source>
        <translation>The agent is wrong: “{recorded}” was entered, it should be “{expected}”.</translation>
    </message>
    <message>
        <source>“{question}”: the answer is “{expected}”, “{chosen}” was chosen.</source>
        <translation>“{question}”: the answer is “{expected}”, “{chosen}” was chosen.</translation>
    </message>
    <message>
        <source>“{material}” was handed in but not ticked as received.</source>
        <translation>“{material}” was handed in but not ticked as received.</translation>
    </message>
    <message>
        <source>“{material}” is fine, but was marked defective, promised or as a licence.</source>
        <translation>“{material}” is fine, but was marked defective, promised or as a licence.</translation>
    </message>
    <message>
        <source>“{material}” was not handed in, but was recorded as received.</source>
        <translation>“{material}” was not handed in, but was recorded as received.</translation>
    </message>
    <message>
        <source>“{material}” has a problem ({note}) but was taken as fine.</source>
        <translation>“{material}” has a problem ({note}) but was taken as fine.</translation>
    </message>
    <message>
        <source>“{material}”: an electronic licence could stand in (Ctrl+L); it was not used.</source>
        <translation>“{material}”: an electronic licence could stand in (Ctrl+L); it was not used.</translation>
    </message>
    <message>
        <source>“{material}” may be promised (容缺): tick it and enter the date it is due.</source>
        <translation>“{material}” may be promised (容缺): tick it and enter the date it is due.</translation>
    </message>
    <message>
        <source>The decision should be “{expected}”, it was “{chosen}”.</source>
        <translation>The decision should be “{expected}”, it was “{chosen}”.</translation>
    </message>
    <message>
        <source>The one-time notice leaves out “{material}”.</source>
        <translation>The one-time notice leaves out “{material}”.</translation>
    </message>
    <message>
        <source>The one-time notice lists “{material}”, which is not lacking.</source>
        <translation>The one-time notice lists “{material}”, which is not lacking.</translation>
    </message>
    <message>
        <source>The refusal&apos;s reason misses the point ({keywords}).</source>
        <translation>The refusal&apos;s reason misses the point ({keywords}).</translation>
    </message>
    <message>
        <source>Not printed for the applicant: {document}.</source>
        <translation>Not printed for the applicant: {document}.</translation>
    </message>
    <message>
        <source>{count} hint(s) used.</source>
        <translation>{count} hint(s) used.</translation>
    </message>
    <message>
        <source>About {minutes} minutes: over the {limit}-minute limit.</source>
        <translation>About {minutes} minutes: over the {limit}-minute limit.</translation>
    </message>
    <message>
        <source>&amp;Start a practice run…</source>
        <translation>&amp;Start a practice run…</translation>
    </message>
    <message>
        <source>S&amp;top the practice run</source>
        <translation>S&amp;top the practice run</translation>
    </message>
    <message>
        <source>Trainees&apos; &amp;results…</source>
        <translation>Trainees&apos; &amp;results…</translation>
    </message>
    <message>
        <source>Log in first.</source>
        <translation>Log in first.</translation>
    </message>
    <message>
        <source>A practice run is under way; stop it first.</source>
        <translation>A practice run is under way; stop it first.</translation>
    </message>
    <message>
        <source>No demo card “%1”.</source>
        <translation>No demo card “%1”.</translation>
    </message>
</context>
<context>
    <name>VoidDialog</name>
    <message>
        <source>Void a spoiled sheet</source>
        <translation>Void a spoiled sheet</translation>
    </message>
    <message>
        <source>e.g. paper jam, torn, smudged</source>
        <translation>e.g. paper jam, torn, smudged</translation>
    </message>
    <message>
        <source>&amp;Void the sheet (Enter)</source>
        <translation>&amp;Void the sheet (Enter)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <source>A voided sheet is recorded with the reason and never used again. Keep it for the stock keeper.</source>
        <translation>A voided sheet is recorded with the reason and never used again. Keep it for the stock keeper.</translation>
    </message>
    <message>
        <source>S&amp;tock type</source>
        <translation>S&amp;tock type</translation>
    </message>
    <message>
        <source>&amp;Serial on the sheet</source>
        <translation>&amp;Serial on the sheet</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>&amp;Reason</translation>
    </message>
    <message>
        <source>Enter the serial of the spoiled sheet.</source>
        <translation>Enter the serial of the spoiled sheet.</translation>
    </message>
    <message>
        <source>Say why the sheet is spoiled.</source>
        <translation>Say why the sheet is spoiled.</translation>
    </message>
</context>
</TS>

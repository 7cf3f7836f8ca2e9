<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccessKeyDialog</name>
    <message>
        <source>Open the passport&apos;s chip</source>
        <translation>读取护照芯片</translation>
    </message>
    <message>
        <source>Type these three details from the passport&apos;s data page (the photo page).</source>
        <translation>请按护照资料页（带照片的一页）填写以下三项。</translation>
    </message>
    <message>
        <source>The chip did not accept the details given; check each against the data page.</source>
        <translation>芯片不接受所填信息，请逐项与资料页核对。</translation>
    </message>
    <message>
        <source>Document &amp;number</source>
        <translation>证件号码(&amp;N)</translation>
    </message>
    <message>
        <source>Date of &amp;birth</source>
        <translation>出生日期(&amp;B)</translation>
    </message>
    <message>
        <source>Date of &amp;expiry</source>
        <translation>有效期至(&amp;E)</translation>
    </message>
    <message>
        <source>The document number has letters and digits only, as printed on the data page.</source>
        <translation>证件号码只含字母和数字，请按资料页所印填写。</translation>
    </message>
</context>
<context>
    <name>AssessmentDialog</name>
    <message>
        <source>How it went: %1</source>
        <translation>办理结果：%1</translation>
    </message>
    <message>
        <source>%1 of 100 points</source>
        <translation>%1 分（满分 100）</translation>
    </message>
    <message>
        <source>(−%1)</source>
        <translation>（扣 %1 分）</translation>
    </message>
    <message>
        <source>Everything right.</source>
        <translation>全部正确。</translation>
    </message>
    <message>
        <source>What a good clerk does: %1</source>
        <translation>正确做法：%1</translation>
    </message>
    <message>
        <source>Show the report (Enter)</source>
        <translation>查看报告（Enter）</translation>
    </message>
    <message>
        <source>Next applicant (Enter)</source>
        <translation>下一位申请人（Enter）</translation>
    </message>
</context>
<context>
    <name>CalibrationDialog</name>
    <message>
        <source>Printer calibration for certificate stock</source>
        <extracomment>The spooler&apos;s job titles (visible to anyone who lists the queue): the documents&apos; kinds. The quick correction moves by at most this much (a larger error: measure the sheet).</extracomment>
        <translation>证书用纸套打校准</translation>
    </message>
    <message>
        <source>1. Printer and stock</source>
        <extracomment>The correction computed or corrected in this dialog; None: nothing new to save.</extracomment>
        <translation>一、打印机和证书用纸</translation>
    </message>
    <message>
        <source>Looking for printers…</source>
        <translation>正在查找打印机…</translation>
    </message>
    <message>
        <source>Reading the certificate templates…</source>
        <translation>正在读取证照模板…</translation>
    </message>
    <message>
        <source>&amp;Printer:</source>
        <translation>打印机(&amp;P)：</translation>
    </message>
    <message>
        <source>Stoc&amp;k:</source>
        <translation>证书用纸(&amp;K)：</translation>
    </message>
    <message>
        <source>2. Measure the calibration sheet</source>
        <translation>二、测量校准页</translation>
    </message>
    <message>
        <source>Print the calibration s&amp;heet</source>
        <translation>打印校准页(&amp;H)</translation>
    </message>
    <message>
        <source>The sheet is printed without any correction: print it on plain paper of the stock&apos;s size, loaded like the stock. Lay it on a blank stock sheet with the left and top edges flush, and with a steel ruler measure how far the centre of each crosshair is from the left edge and from the top edge, to 0.5 mm; leave a mark empty if you cannot measure it.</source>
        <translation>校准页按未校正的位置打印：请用与证书用纸同样大小的普通纸，按证书用纸的方式放入打印机。将其与一张空白证书用纸左边、上边对齐叠放，用钢尺量出每个十字中心到左边缘和上边缘的距离，精确到 0.5 毫米；无法测量的标记可留空。</translation>
    </message>
    <message>
        <source>Mark</source>
        <translation>标记</translation>
    </message>
    <message>
        <source>Should be at (mm)</source>
        <translation>应在位置（毫米）</translation>
    </message>
    <message>
        <source>From left edge (mm)</source>
        <translation>距左边缘（毫米）</translation>
    </message>
    <message>
        <source>From top edge (mm)</source>
        <translation>距上边缘（毫米）</translation>
    </message>
    <message>
        <source>Off by (right, down)</source>
        <translation>偏差（向右，向下）</translation>
    </message>
    <message>
        <source>&amp;Compute the correction</source>
        <translation>计算校正值(&amp;C)</translation>
    </message>
    <message>
        <source>3. Check on a test print, then save</source>
        <translation>三、打印测试页核对后保存</translation>
    </message>
    <message>
        <source>Test &amp;layout:</source>
        <translation>测试版式(&amp;L)：</translation>
    </message>
    <message>
        <source>Print a &amp;test on plain paper</source>
        <translation>用普通纸打印测试页(&amp;T)</translation>
    </message>
    <message>
        <source>Hold the test print against a stock sheet in front of a light: every box should sit in its field. If all boxes are off by the same amount, enter it below, apply it and print the test again.</source>
        <translation>将测试页与证书用纸叠放对着光线查看：每个框都应落在相应栏位内。如果所有框偏差相同，在下方输入偏差量，应用后再打印一次测试页。</translation>
    </message>
    <message>
        <source>Boxes too far &amp;right by</source>
        <translation>框整体偏右(&amp;R)</translation>
    </message>
    <message>
        <source>too lo&amp;w by</source>
        <translation>偏下(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>应用(&amp;A)</translation>
    </message>
    <message>
        <source>(negative: too far left, too high)</source>
        <translation>（负数表示偏左、偏上）</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Ctrl+S</source>
        <translation>Ctrl+S</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Esc: close without saving</source>
        <translation>Esc：不保存并关闭</translation>
    </message>
    <message>
        <source> mm</source>
        <translation> 毫米</translation>
    </message>
    <message>
        <source>No printer available</source>
        <translation>没有可用的打印机</translation>
    </message>
    <message>
        <source>No printer accepts jobs. Connect or enable one, then press F5.</source>
        <translation>没有可接收打印任务的打印机。请连接或启用打印机后按 F5。</translation>
    </message>
    <message>
        <source>%1 (%2 × %3 mm)</source>
        <translation>%1（%2 × %3 毫米）</translation>
    </message>
    <message>
        <source>No stock type</source>
        <translation>无证书用纸类型</translation>
    </message>
    <message>
        <source>The certificate templates cannot be read, so there is no stock type to calibrate. Ask support.</source>
        <translation>无法读取证照模板，因此没有可校准的证书用纸类型。请联系技术支持。</translation>
    </message>
    <message>
        <source>A (top left)</source>
        <translation>A（左上）</translation>
    </message>
    <message>
        <source>B (top right)</source>
        <translation>B（右上）</translation>
    </message>
    <message>
        <source>C (bottom left)</source>
        <translation>C（左下）</translation>
    </message>
    <message>
        <source>D (bottom right)</source>
        <translation>D（右下）</translation>
    </message>
    <message>
        <source>E (centre)</source>
        <translation>E（中心）</translation>
    </message>
    <message>
        <source>Choose the printer and the stock to calibrate.</source>
        <translation>请选择要校准的打印机和证书用纸。</translation>
    </message>
    <message>
        <source>Nothing is saved for this printer and stock yet: certificates print exactly as the template says.</source>
        <translation>此打印机和证书用纸尚未保存校准值：证照将完全按模板位置打印。</translation>
    </message>
    <message>
        <source>Saved now: %1.</source>
        <translation>当前已保存：%1。</translation>
    </message>
    <message>
        <source>The calibration sheet went to %1 (job %2). Measure it and enter the distances.</source>
        <translation>校准页已发送到 %1（作业 %2）。请测量并填写距离。</translation>
    </message>
    <message>
        <source>Mark %1: enter its distance from the left edge too, or leave both empty.</source>
        <translation>标记 %1：请同时填写距左边缘的距离，或两项都留空。</translation>
    </message>
    <message>
        <source>Mark %1: enter its distance from the top edge too, or leave both empty.</source>
        <translation>标记 %1：请同时填写距上边缘的距离，或两项都留空。</translation>
    </message>
    <message>
        <source>Computed from %1 marks. Now print a test on plain paper (step 3) to check it, or save it.</source>
        <translation>已根据 %1 个标记算出校正值。现在可用普通纸打印测试页核对（第三步），或直接保存。</translation>
    </message>
    <message>
        <source>The test print went to %1 (job %2). Hold it against a stock sheet.</source>
        <translation>测试页已发送到 %1（作业 %2）。请与证书用纸叠放核对。</translation>
    </message>
    <message>
        <source>Enter how far the boxes are off first.</source>
        <translation>请先填写框的偏差量。</translation>
    </message>
    <message>
        <source>Corrected. Print the test again to check, or save.</source>
        <translation>已校正。请再打印测试页核对，或保存。</translation>
    </message>
    <message>
        <source>New correction: none yet. Compute it in step 2, or correct the saved one here.</source>
        <translation>新校正值：暂无。请在第二步计算，或在此修正已保存的校正值。</translation>
    </message>
    <message>
        <source>New correction: %1.</source>
        <translation>新校正值：%1。</translation>
    </message>
    <message>
        <source>There is no new correction to save: compute one in step 2, or correct the saved one in step 3.</source>
        <translation>没有可保存的新校正值：请在第二步计算，或在第三步修正已保存的校正值。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Sending to %1…</source>
        <translation>正在发送到 %1…</translation>
    </message>
    <message>
        <source>no correction</source>
        <translation>无校正</translation>
    </message>
    <message>
        <source>horizontal offset %1 mm, vertical offset %2 mm, horizontal scale %3, vertical scale %4</source>
        <translation>水平偏移 %1 毫米，垂直偏移 %2 毫米，水平缩放 %3，垂直缩放 %4</translation>
    </message>
    <message>
        <source>Mark %1: the distance from the left edge, “%2”, is not a number of millimetres.</source>
        <translation>标记 %1：距左边缘的距离“%2”不是以毫米为单位的数字。</translation>
    </message>
    <message>
        <source>Mark %1: the distance from the top edge, “%2”, is not a number of millimetres.</source>
        <translation>标记 %1：距上边缘的距离“%2”不是以毫米为单位的数字。</translation>
    </message>
    <message>
        <source>The distances from the left edge do not grow from the marks on the left to those on the right. Measure each from the left edge of the sheet.</source>
        <translation>距左边缘的距离没有从左侧标记到右侧标记逐渐增大。请每个都从纸张左边缘量起。</translation>
    </message>
    <message>
        <source>The distances from the top edge do not grow from the marks at the top to those at the bottom. Measure each from the top edge of the sheet.</source>
        <translation>距上边缘的距离没有从上方标记到下方标记逐渐增大。请每个都从纸张上边缘量起。</translation>
    </message>
    <message>
        <source>Mark %1: %2 mm from the left edge is not on the sheet, which is %3 mm wide.</source>
        <translation>标记 %1：距左边缘 %2 毫米已超出纸张（宽 %3 毫米）。</translation>
    </message>
    <message>
        <source>Mark %1: %2 mm from the top edge is not on the sheet, which is %3 mm high.</source>
        <translation>标记 %1：距上边缘 %2 毫米已超出纸张（高 %3 毫米）。</translation>
    </message>
    <message>
        <source>Mark %1 does not agree with the other marks: its distance from the left edge is %2 mm off. Measure it again, from the left edge to the centre of the crosshair.</source>
        <translation>标记 %1 与其他标记不一致：距左边缘的距离相差 %2 毫米。请从左边缘到十字中心重新测量。</translation>
    </message>
    <message>
        <source>Mark %1 does not agree with the other marks: its distance from the top edge is %2 mm off. Measure it again, from the top edge to the centre of the crosshair.</source>
        <translation>标记 %1 与其他标记不一致：距上边缘的距离相差 %2 毫米。请从上边缘到十字中心重新测量。</translation>
    </message>
    <message>
        <source>Enter both distances of at least one mark; all five give the best correction.</source>
        <translation>请至少填写一个标记的两项距离；五个都填写效果最好。</translation>
    </message>
    <message>
        <source>The correction would move the print %1 mm across; a working printer needs at most %2 mm. Check the distances from the left edge and the paper size.</source>
        <translation>该校正值会使打印内容水平移动 %1 毫米，正常打印机最多需要 %2 毫米。请检查距左边缘的距离和纸张大小。</translation>
    </message>
    <message>
        <source>The correction would move the print %1 mm up or down; a working printer needs at most %2 mm. Check the distances from the top edge and the paper size.</source>
        <translation>该校正值会使打印内容上下移动 %1 毫米，正常打印机最多需要 %2 毫米。请检查距上边缘的距离和纸张大小。</translation>
    </message>
    <message>
        <source>The correction would stretch the print across by a factor of %1; a working printer needs %3 to %4. Check the distances of the marks on the left and on the right.</source>
        <translation>该校正值会使打印内容水平缩放 %1 倍，正常打印机应在 %3 至 %4 之间。请检查左右两侧标记的距离。</translation>
    </message>
    <message>
        <source>The correction would stretch the print downwards by a factor of %1; a working printer needs %3 to %4. Check the distances of the marks at the top and at the bottom.</source>
        <translation>该校正值会使打印内容垂直缩放 %1 倍，正常打印机应在 %3 至 %4 之间。请检查上下两侧标记的距离。</translation>
    </message>
    <message>
        <source>This correction cannot be used (%1).</source>
        <translation>该校正值无法使用（%1）。</translation>
    </message>
</context>
<context>
    <name>CaptureDialog</name>
    <message>
        <source>Capture: %1</source>
        <translation>采集：%1</translation>
    </message>
    <message>
        <source>Capture (Space)</source>
        <translation>拍摄（空格）</translation>
    </message>
    <message>
        <source>&amp;Auto-capture when the page holds still</source>
        <translation>纸张放稳后自动拍摄(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Document page</source>
        <translation>文档页(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;ID card, front and back on one A4 page</source>
        <translation>身份证正反面复印到一张 A4(&amp;I)</translation>
    </message>
    <message>
        <source>Looking for scanners…</source>
        <translation>正在查找扫描仪…</translation>
    </message>
    <message>
        <source>Scanner:</source>
        <translation>扫描仪：</translation>
    </message>
    <message>
        <source>Paper from:</source>
        <translation>进纸方式：</translation>
    </message>
    <message>
        <source>JPEG, PNG, TIFF or PDF files: choose them, or drop them on this window.</source>
        <translation>JPEG、PNG、TIFF 或 PDF 文件：点击选择，或直接拖到本窗口。</translation>
    </message>
    <message>
        <source>&amp;Scanner</source>
        <translation>扫描仪(&amp;S)</translation>
    </message>
    <message>
        <source>Sca&amp;n</source>
        <translation>扫描(&amp;N)</translation>
    </message>
    <message>
        <source>Choose files… (Ctrl+O)</source>
        <translation>选择文件…（Ctrl+O）</translation>
    </message>
    <message>
        <source>Document ca&amp;mera</source>
        <translation>高拍仪(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Files</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Black and white document</source>
        <translation>黑白文档</translation>
    </message>
    <message>
        <source>Grey</source>
        <translation>灰度</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>彩色</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>◀ Earlier (Ctrl+←)</source>
        <translation>◀ 前移（Ctrl+←）</translation>
    </message>
    <message>
        <source>Later ▶ (Ctrl+→)</source>
        <translation>后移 ▶（Ctrl+→）</translation>
    </message>
    <message>
        <source>Rotate (Ctrl+R)</source>
        <translation>旋转（Ctrl+R）</translation>
    </message>
    <message>
        <source>Corners… (Ctrl+E)</source>
        <translation>调整四角…（Ctrl+E）</translation>
    </message>
    <message>
        <source>Retake (Ctrl+T)</source>
        <translation>重拍（Ctrl+T）</translation>
    </message>
    <message>
        <source>Delete (Del)</source>
        <translation>删除（Del）</translation>
    </message>
    <message>
        <source>Look:</source>
        <translation>效果：</translation>
    </message>
    <message>
        <source>Only %1 MB of disk space is left for scans. Tell support before it runs out; pages already taken are safe.</source>
        <translation>扫描件可用磁盘空间仅剩 %1 MB。请在用完前联系技术支持；已采集的页面不受影响。</translation>
    </message>
    <message>
        <source>Close without attaching the pages captured here?</source>
        <translation>关闭且不附加本次采集的页面？</translation>
    </message>
    <message>
        <source>Starting the document camera…</source>
        <translation>正在启动高拍仪…</translation>
    </message>
    <message>
        <source>No document camera is set up. Choose one in Settings, or use the scanner or files.</source>
        <translation>尚未设置高拍仪。请在“设置”中选择，或改用扫描仪或文件。</translation>
    </message>
    <message>
        <source>No page found: the whole picture will be taken.</source>
        <translation>未找到纸张边缘：将拍摄整个画面。</translation>
    </message>
    <message>
        <source>Blurred: hold still or check the focus.</source>
        <translation>画面模糊：请保持不动或检查对焦。</translation>
    </message>
    <message>
        <source>Glare on the page: tilt it or dim the light.</source>
        <translation>纸面反光：请调整角度或调暗灯光。</translation>
    </message>
    <message>
        <source>Front taken. Turn the card over for the back.</source>
        <translation>正面已拍好，请翻到背面。</translation>
    </message>
    <message>
        <source>Put the card&apos;s front under the camera.</source>
        <translation>请将证件正面放在高拍仪下。</translation>
    </message>
    <message>
        <source>Simulated scanner for training</source>
        <translation>培训用模拟扫描仪</translation>
    </message>
    <message>
        <source>No scanner found. Check that it is switched on and connected.</source>
        <translation>未找到扫描仪。请检查是否已开机并连接。</translation>
    </message>
    <message>
        <source>Flatbed</source>
        <translation>平板</translation>
    </message>
    <message>
        <source>Document feeder</source>
        <translation>自动进纸器</translation>
    </message>
    <message>
        <source>Document feeder, both sides</source>
        <translation>自动进纸器（双面）</translation>
    </message>
    <message>
        <source>Scanning page %1…</source>
        <translation>正在扫描第 %1 页…</translation>
    </message>
    <message>
        <source>Choose files</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <source>Images and PDF (%1)</source>
        <translation>图片和 PDF（%1）</translation>
    </message>
    <message>
        <source>Wait until the files being imported are in.</source>
        <translation>请等待正在导入的文件完成。</translation>
    </message>
    <message>
        <source>File %1 of %2: page %3 of %4</source>
        <translation>第 %1/%2 个文件：第 %3/%4 页</translation>
    </message>
    <message>
        <source>%1 pages scanned are kept. %2</source>
        <translation>已扫描的 %1 页已保留。%2</translation>
    </message>
    <message>
        <source>Page %1</source>
        <translation>第 %1 页</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>processing…</source>
        <translation>处理中…</translation>
    </message>
    <message>
        <source>looks blank</source>
        <translation>疑似空白页</translation>
    </message>
    <message>
        <source>blurred</source>
        <translation>模糊</translation>
    </message>
    <message>
        <source>glare</source>
        <translation>反光</translation>
    </message>
    <message>
        <source>The next page taken replaces page %1.</source>
        <translation>下一张采集的页面将替换第 %1 页。</translation>
    </message>
    <message>
        <source>This page looks blank. It stays unless you delete it.</source>
        <translation>此页疑似空白。除非您删除，否则会保留。</translation>
    </message>
    <message>
        <source>This page looks blurred; consider retaking it.</source>
        <translation>此页较模糊，建议重拍。</translation>
    </message>
    <message>
        <source>Glare may hide part of this page; consider retaking it.</source>
        <translation>反光可能遮挡了部分内容，建议重拍。</translation>
    </message>
    <message>
        <source>Attach %1 pages (Ctrl+Enter)</source>
        <translation>附加 %1 页（Ctrl+Enter）</translation>
    </message>
</context>
<context>
    <name>CardPanel</name>
    <message>
        <source>No photo</source>
        <translation>无照片</translation>
    </message>
    <message>
        <source>Accept the e&amp;xpired document for this matter</source>
        <translation>本事项可接受已过期证件(&amp;X)</translation>
    </message>
    <message>
        <source>Re&amp;veal full number</source>
        <translation>显示完整号码(&amp;V)</translation>
    </message>
    <message>
        <source>N&amp;ot this person&apos;s card</source>
        <translation>不是本人证件(&amp;O)</translation>
    </message>
    <message>
        <source>✔ Read and authenticated by the ID-card reader</source>
        <translation>✔ 已由身份证阅读器读取并认证</translation>
    </message>
    <message>
        <source>Read from a card</source>
        <translation>从卡片读取</translation>
    </message>
    <message>
        <source>Read from the chip: the data are intact, but who issued them is not checked. Compare the photo and the document by eye.</source>
        <translation>已从芯片读取：数据完整，但未核验签发机关签名。请人工比对照片和证件。</translation>
    </message>
    <message>
        <source>age %1</source>
        <translation>%1 岁</translation>
    </message>
    <message>
        <source>Valid indefinitely</source>
        <translation>长期有效</translation>
    </message>
    <message>
        <source>EXPIRED on %1</source>
        <translation>已于 %1 过期</translation>
    </message>
    <message>
        <source>Valid until %1</source>
        <translation>有效期至 %1</translation>
    </message>
</context>
<context>
    <name>CardReader</name>
    <message>
        <source>The card was taken off during the read; put it back.</source>
        <translation>读卡过程中卡片被移开，请重新放上。</translation>
    </message>
    <message>
        <source>Another program is using the card; close it and the card is read.</source>
        <translation>另一程序正在占用该卡，关闭该程序后即自动读取。</translation>
    </message>
    <message>
        <source>This card is no passport or travel permit. Resident ID cards go on the ID-card reader.</source>
        <translation>这不是护照或通行证。居民身份证请放在身份证阅读器上。</translation>
    </message>
    <message>
        <source>The chip did not accept the data-page details; check them.</source>
        <translation>芯片不接受所填资料页信息，请核对。</translation>
    </message>
    <message>
        <source>The chip&apos;s data fail their integrity check. Do not rely on this document; check it by eye and ask a supervisor.</source>
        <translation>芯片数据未通过完整性校验。请勿依赖该证件，请人工核验并报告主管。</translation>
    </message>
    <message>
        <source>The card gave data that make no sense. Check the card or type the details.</source>
        <translation>卡片返回的数据无法识别。请检查卡片或手工录入。</translation>
    </message>
    <message>
        <source>The ID-card reader software is not installed or is incomplete; see Settings → Card readers. Everything else works.</source>
        <translation>身份证阅读器软件未安装或不完整，请查看“设置 → 读卡器”。其他功能不受影响。</translation>
    </message>
    <message>
        <source>The ID-card reader does not answer on its port. Check the cable and the port in the settings.</source>
        <translation>身份证阅读器在所设端口无响应。请检查连线及设置中的端口。</translation>
    </message>
    <message>
        <source>This document&apos;s chip holds more than the workstation can read yet (a very large photo). Type the details from the data page.</source>
        <translation>该证件芯片中的数据超出本工作台目前可读取的范围（照片过大）。请按资料页手工录入。</translation>
    </message>
    <message>
        <source>The card was read, but its photo could not be decoded.</source>
        <translation>已读取证件，但照片无法解码。</translation>
    </message>
    <message>
        <source>The card cannot be read. Check it or type the details.</source>
        <translation>无法读取该卡。请检查卡片或手工录入。</translation>
    </message>
</context>
<context>
    <name>CardStatusLabel</name>
    <message>
        <source>Card reader ready</source>
        <translation>读卡器就绪</translation>
    </message>
    <message>
        <source>%1 card readers ready</source>
        <translation>%1 个读卡器就绪</translation>
    </message>
    <message>
        <source>No card reader (the smart-card service is not running)</source>
        <translation>无读卡器（智能卡服务未运行）</translation>
    </message>
    <message>
        <source>No card reader</source>
        <translation>未连接读卡器</translation>
    </message>
    <message>
        <source>Reading card…</source>
        <translation>正在读卡…</translation>
    </message>
    <message>
        <source>Passport on the reader: enter its data-page details</source>
        <translation>护照已放上读卡器：请填写资料页信息</translation>
    </message>
    <message>
        <source>EXPIRED on %1</source>
        <translation>已于 %1 过期</translation>
    </message>
    <message>
        <source>valid indefinitely</source>
        <translation>长期有效</translation>
    </message>
    <message>
        <source>valid until %1</source>
        <translation>有效期至 %1</translation>
    </message>
</context>
<context>
    <name>CaseDocumentDialog</name>
    <message>
        <source>Acceptance notice</source>
        <translation>受理通知书</translation>
    </message>
    <message>
        <source>One-time notice</source>
        <translation>一次性告知书</translation>
    </message>
    <message>
        <source>Refusal</source>
        <translation>不予受理决定书</translation>
    </message>
    <message>
        <source>Case %1 recorded. Print the document for the applicant; it can be reprinted later.</source>
        <translation>办件 %1 已记录。请为申请人打印文书；以后也可以补打。</translation>
    </message>
</context>
<context>
    <name>CertificateDesk</name>
    <message>
        <source>The serial does not have this stock&apos;s format. Expected like: %1</source>
        <extracomment>Picks the calibration of a printer for a stock type (None: print uncalibrated).</extracomment>
        <translation>印制号不符合该证书用纸的格式，应类似：%1</translation>
    </message>
    <message>
        <source>Sheet %1 was already used: issued on %2.</source>
        <translation>印制号 %1 已使用：于 %2 出证。</translation>
    </message>
    <message>
        <source>Case %1.</source>
        <translation>办件 %1。</translation>
    </message>
    <message>
        <source>Sheet %1 was voided on %2; a voided sheet is never used again.</source>
        <translation>印制号 %1 已于 %2 作废；作废的证书用纸不能再使用。</translation>
    </message>
    <message>
        <source>Another desk used sheet %1 (the server said so): it is not this desk&apos;s stock. Check the number on the sheet in the printer.</source>
        <translation>印制号 %1 已由其他窗口使用（服务器确认），不属本窗口用纸。请核对打印机中纸张上的印制号。</translation>
    </message>
    <message>
        <source>This serial is not in the stock loaded for the shift. Check the number on the sheet in the printer; print only if it is right.</source>
        <translation>该印制号不在本班次领用的号段内。请核对打印机中纸张上的号码，确认无误后再打印。</translation>
    </message>
    <message>
        <source>This certificate was already issued on sheet %1. To print it again, use Reprint (Ctrl+R) with a reason.</source>
        <translation>该证照已在印制号 %1 上出证。如需重新打印，请使用“补打”（Ctrl+R）并填写原因。</translation>
    </message>
    <message>
        <source>The server refused this certificate&apos;s issuance on sheet %1. Put that right first (Ctrl+Shift+F).</source>
        <translation>服务器退回了该证照在印制号 %1 上的出证记录。请先处理退回（Ctrl+Shift+F）。</translation>
    </message>
    <message>
        <source>This certificate was handed over (sheet %1): it has left the desk and is not reprinted here. A replacement comes as a new case.</source>
        <translation>该证照（印制号 %1）已发放，已离开本窗口，不能在此补打。补证或换证将作为新的办件送达。</translation>
    </message>
    <message>
        <source>This certificate was not issued at this desk, so it cannot be reprinted.</source>
        <translation>该证照不是在本窗口出证的，不能补打。</translation>
    </message>
    <message>
        <source>This stock type is not known at this desk.</source>
        <translation>本窗口没有该证书用纸类型。</translation>
    </message>
    <message>
        <source>This certificate is not printed on this stock type.</source>
        <translation>该证照不使用此类证书用纸。</translation>
    </message>
    <message>
        <source>No shift is open. Start your shift first (Ctrl+Shift+S).</source>
        <translation>当前没有班次。请先开始您的班次（Ctrl+Shift+S）。</translation>
    </message>
    <message>
        <source>The open shift is another clerk&apos;s. End it (Ctrl+Shift+E) and start your own first.</source>
        <translation>当前班次属于其他工作人员。请先结束该班次（Ctrl+Shift+E），再开始您的班次。</translation>
    </message>
    <message>
        <source>“%1” does not fit its box even at %2 pt. The back office must shorten it.</source>
        <translation>“%1”即使缩小到 %2 磅也放不进其栏位，需由后台缩短内容。</translation>
    </message>
    <message>
        <source>“%1” has no value (%2). The back office must complete the certificate.</source>
        <translation>“%1”没有内容（%2），需由后台补全证照信息。</translation>
    </message>
    <message>
        <source>“%1” has characters no installed font can print: %2 (%3). Nothing can be printed until a font with them is installed; ask support.</source>
        <translation>“%1”含有已安装字体都无法打印的字符：%2（%3）。安装含这些字符的字体前无法打印，请联系技术支持。</translation>
    </message>
    <message>
        <source>“%1”: %2 (%3) will be printed with the fallback font %4. Check these characters on the preview.</source>
        <translation>“%1”：%2（%3）将使用备用字体 %4 打印。请在预览中核对这些字符。</translation>
    </message>
    <message>
        <source>The QR code “%1” is too dense for its box to be read.</source>
        <translation>二维码“%1”内容过多，在其栏位中无法识读。</translation>
    </message>
    <message>
        <source>“%1” would reach %2 mm into the printer&apos;s unprintable margin (%3 edge). Check this printer&apos;s calibration.</source>
        <translation>“%1”会进入打印机不可打印边距 %2 毫米（%3边）。请检查该打印机的校准。</translation>
    </message>
    <message>
        <source>A reason is required.</source>
        <translation>必须填写原因。</translation>
    </message>
    <message>
        <source>This certificate was not issued at this desk.</source>
        <translation>该证照不是在本窗口出证的。</translation>
    </message>
    <message>
        <source>The server refused this certificate&apos;s issuance. Put it right first (Ctrl+Shift+F); it is handed over once the server has it.</source>
        <translation>服务器退回了该证照的出证记录。请先处理退回（Ctrl+Shift+F），服务器接收出证记录后方可发放。</translation>
    </message>
    <message>
        <source>This certificate is no longer at this desk (withdrawn, or issued elsewhere). Press F5 to refresh.</source>
        <translation>该证照已不在本窗口（已撤回或已在其他窗口出证）。请按 F5 刷新。</translation>
    </message>
    <message>
        <source>Your account does not have the certificate desk role.</source>
        <translation>您的账号没有统一出证窗口权限。</translation>
    </message>
    <message>
        <source>The certificate templates cannot be read; ask support.</source>
        <translation>无法读取证照模板，请联系技术支持。</translation>
    </message>
    <message>
        <source>Posting needs the tracking number.</source>
        <translation>邮寄须填写邮件号。</translation>
    </message>
    <message>
        <source>Choose how the recipient signs: on the customer screen or on a paper receipt.</source>
        <translation>请选择领取人的签字方式：在签名屏上签字，或在纸质回执上签字。</translation>
    </message>
    <message>
        <source>Enter the name of the person who receives the certificate.</source>
        <translation>请填写领取证照人员的姓名。</translation>
    </message>
    <message>
        <source>This certificate was handed over already.</source>
        <translation>该证照已经发放。</translation>
    </message>
    <message>
        <source>The recipient has not signed on the customer screen yet (Ctrl+G).</source>
        <translation>领取人尚未在签名屏上签名（Ctrl+G）。</translation>
    </message>
    <message>
        <source>The signature could not be read. Ask the recipient to sign again.</source>
        <translation>签名无法读取，请领取人重新签名。</translation>
    </message>
    <message>
        <source>The card read gave no document number. Read the card again or compare it by eye.</source>
        <translation>读卡未得到证件号码。请重新读卡，或人工核对证件。</translation>
    </message>
    <message>
        <source>This certificate has not been handed over yet.</source>
        <translation>该证照尚未发放。</translation>
    </message>
    <message>
        <source>This refusal was put right already (or let go). Press F5.</source>
        <translation>该退回记录已处理（或已放弃）。请按 F5 刷新。</translation>
    </message>
    <message>
        <source>Another serial does not help: the server refused this for another reason.</source>
        <translation>更改印制号无济于事：服务器是因其他原因退回的。</translation>
    </message>
    <message>
        <source>This was not refused because another desk issued the certificate.</source>
        <translation>该记录被退回并非因为其他窗口已出证。</translation>
    </message>
    <message>
        <source>A record of this certificate is being sent right now. Try again in a moment.</source>
        <translation>该证照的记录正在发送，请稍后再试。</translation>
    </message>
    <message>
        <source>A shift is open already. End it before starting another.</source>
        <translation>已有班次正在进行。请先结束该班次再开始新班次。</translation>
    </message>
    <message>
        <source>This shift is not recorded at this desk.</source>
        <translation>本窗口没有该班次的记录。</translation>
    </message>
    <message>
        <source>“%1” does not have the serial format of its stock type.</source>
        <translation>“%1”不符合该证书用纸的印制号格式。</translation>
    </message>
    <message>
        <source>In “%1” the first serial comes after the last.</source>
        <translation>“%1”中起始印制号大于终止印制号。</translation>
    </message>
    <message>
        <source>In “%1” the first and last serials differ in their letters or number of digits.</source>
        <translation>“%1”中起止印制号的字母或位数不一致。</translation>
    </message>
    <message>
        <source>“%1” is more sheets than one range can hold; check the numbers.</source>
        <translation>“%1”超出一个号段可容纳的张数，请核对号码。</translation>
    </message>
    <message>
        <source>“%1” overlaps another range of the same stock.</source>
        <translation>“%1”与同类证书用纸的其他号段重叠。</translation>
    </message>
</context>
<context>
    <name>CertificateDeskView</name>
    <message>
        <source>Case number, applicant&apos;s name, or the whole ID number (Ctrl+F)</source>
        <extracomment>The date edits show &quot;any date&quot; at this value. The printer chosen last for certificates is remembered under this document type when the settings know it (workstation.settings.DOCUMENT_TYPES), else for the session.</extracomment>
        <translation>受理编号、申请人姓名或完整证件号码（Ctrl+F）</translation>
    </message>
    <message>
        <source>All items</source>
        <translation>全部事项</translation>
    </message>
    <message>
        <source>All departments</source>
        <translation>全部部门</translation>
    </message>
    <message>
        <source>Refresh (F5)</source>
        <translation>刷新（F5）</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>审批日期</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>待出证</translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>受理编号</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>证照</translation>
    </message>
    <message>
        <source>Issued here</source>
        <translation>本窗口已出证</translation>
    </message>
    <message>
        <source>Sheet</source>
        <translation>印制号</translation>
    </message>
    <message>
        <source>Hand-over</source>
        <translation>发放</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>已上报</translation>
    </message>
    <message>
        <source>Issued at</source>
        <translation>出证时间</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>证书用纸</translation>
    </message>
    <message>
        <source>Loaded</source>
        <translation>领用</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>作废</translation>
    </message>
    <message>
        <source>Issued sheets</source>
        <translation>已出证</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>结存</translation>
    </message>
    <message>
        <source>Remaining serials</source>
        <translation>结存号段</translation>
    </message>
    <message>
        <source>Start shift… (Ctrl+Shift+S)</source>
        <translation>开始班次…（Ctrl+Shift+S）</translation>
    </message>
    <message>
        <source>End shift… (Ctrl+Shift+E)</source>
        <translation>结束班次…（Ctrl+Shift+E）</translation>
    </message>
    <message>
        <source>Calibrate a printer… (Ctrl+Shift+K)</source>
        <translation>套打校准…（Ctrl+Shift+K）</translation>
    </message>
    <message>
        <source>Issue… (Enter)</source>
        <translation>出证…（Enter）</translation>
    </message>
    <message>
        <source>Reprint… (Ctrl+R)</source>
        <translation>补打…（Ctrl+R）</translation>
    </message>
    <message>
        <source>Void a spoiled sheet… (Ctrl+D)</source>
        <translation>作废废证…（Ctrl+D）</translation>
    </message>
    <message>
        <source>Hand over… (Ctrl+H)</source>
        <translation>发放…（Ctrl+H）</translation>
    </message>
    <message>
        <source>Put a refused sheet right… (Ctrl+Shift+F)</source>
        <translation>处理被退回的证书纸…（Ctrl+Shift+F）</translation>
    </message>
    <message>
        <source>any date</source>
        <translation>不限日期</translation>
    </message>
    <message>
        <source>No certificate has been issued at this desk yet.</source>
        <translation>本窗口尚未出证。</translation>
    </message>
    <message>
        <source>Handed over %1</source>
        <translation>已于 %1 发放</translation>
    </message>
    <message>
        <source>Waiting for the applicant</source>
        <translation>等待领取</translation>
    </message>
    <message>
        <source>✓</source>
        <translation>✓</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>已退回</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>待发送</translation>
    </message>
    <message>
        <source>Waiting (%1)</source>
        <translation>待出证（%1）</translation>
    </message>
    <message>
        <source>Issued here (%1, %2 to hand over)</source>
        <translation>本窗口已出证（%1，%2 件待发放）</translation>
    </message>
    <message>
        <source>No shift is open. Start one with the stock you take over before issuing.</source>
        <translation>当前没有班次。出证前请先按接收的证书用纸开始班次。</translation>
    </message>
    <message>
        <source>Shift of %1 since %2</source>
        <translation>%1的班次，自 %2 起</translation>
    </message>
    <message>
        <source>Another clerk&apos;s shift: end it (Ctrl+Shift+E) with the summary, then start yours to issue.</source>
        <translation>这是其他工作人员的班次：请先结束（Ctrl+Shift+E）并打印交接汇总，再开始您的班次出证。</translation>
    </message>
    <message>
        <source>Not counted: %1, used by another desk (the server said so); never this desk&apos;s sheets.</source>
        <translation>未计入：%1 已由其他窗口使用（服务器确认），不属本窗口用纸。</translation>
    </message>
    <message>
        <source>Another desk (%2) issued the certificate printed on sheet %1 first, on %3: void what was printed here (Ctrl+Shift+F).</source>
        <translation>其他窗口（%2）已于 %3 先行出证，本窗口印制号 %1 打印的证书须作废（Ctrl+Shift+F）。</translation>
    </message>
    <message>
        <source>The server refused sheet %1: another desk (%2) used it on %3. Check the serial on the sheet (Ctrl+Shift+F).</source>
        <translation>服务器退回印制号 %1：其他窗口（%2）已于 %3 使用。请核对证书纸上的印制号（Ctrl+Shift+F）。</translation>
    </message>
    <message>
        <source>The server refused a desk record (%1, sheet %2). See Sync details (Ctrl+Shift+Y).</source>
        <translation>服务器拒收了一条出证记录（%1，印制号 %2）。请查看同步详情（Ctrl+Shift+Y）。</translation>
    </message>
    <message>
        <source>Receipt… (Ctrl+H)</source>
        <translation>查看回执…（Ctrl+H）</translation>
    </message>
    <message>
        <source>Start your shift first (Ctrl+Shift+S): it records the stock you took over.</source>
        <translation>请先开始您的班次（Ctrl+Shift+S），以记录您接收的证书用纸。</translation>
    </message>
    <message>
        <source>Case %1 reprinted on sheet %2; the earlier sheet is voided.</source>
        <translation>办件 %1 已补打在印制号 %2 上；原证书用纸已作废。</translation>
    </message>
    <message>
        <source>Case %1 issued on sheet %2.</source>
        <translation>办件 %1 已在印制号 %2 上出证。</translation>
    </message>
    <message>
        <source>The server refused the issuance of case %1 on sheet %2. Put it right first (Ctrl+Shift+F).</source>
        <translation>服务器退回了办件 %1 在印制号 %2 上的出证记录。请先处理退回（Ctrl+Shift+F）。</translation>
    </message>
    <message>
        <source>Reprint: choose the certificate in the list of those issued here, then press Ctrl+R again.</source>
        <translation>补打：请在本窗口已出证列表中选择证照，然后再按 Ctrl+R。</translation>
    </message>
    <message>
        <source>Case %1 was handed over on %2: the certificate has left the desk and is not reprinted here. A replacement comes as a new case.</source>
        <translation>办件 %1 已于 %2 发放，证照已离开本窗口，不能在此补打。补证或换证将作为新的办件送达。</translation>
    </message>
    <message>
        <source>Sheet %1 voided.</source>
        <translation>印制号 %1 已作废。</translation>
    </message>
    <message>
        <source>Hand-over: choose the certificate in the list of those issued here, then press Ctrl+H again.</source>
        <translation>发放：请在本窗口已出证列表中选择证照，然后再按 Ctrl+H。</translation>
    </message>
    <message>
        <source>The receipt of the hand-over, as recorded.</source>
        <translation>已登记发放的领取回执。</translation>
    </message>
    <message>
        <source>Case %1 was handed over on %2.</source>
        <translation>办件 %1 已于 %2 发放。</translation>
    </message>
    <message>
        <source>Case %1 handed over.</source>
        <translation>办件 %1 已发放。</translation>
    </message>
    <message>
        <source>The server has refused nothing of this desk.</source>
        <translation>服务器没有退回本窗口的任何记录。</translation>
    </message>
    <message>
        <source>A shift is open already.</source>
        <translation>已有班次正在进行。</translation>
    </message>
    <message>
        <source>Shift started.</source>
        <translation>班次已开始。</translation>
    </message>
    <message>
        <source>Calibration saved: the next certificates on that printer use it.</source>
        <translation>校准值已保存：该打印机此后打印的证照将按此校正。</translation>
    </message>
    <message>
        <source>No shift is open.</source>
        <translation>当前没有班次。</translation>
    </message>
    <message>
        <source>Shift ended.</source>
        <translation>班次已结束。</translation>
    </message>
</context>
<context>
    <name>CornerEditor</name>
    <message>
        <source>Adjust the page corners</source>
        <translation>调整纸张四角</translation>
    </message>
    <message>
        <source>Tab: next corner · arrows: move (Shift: faster) · Enter: use these corners · Esc: cancel</source>
        <translation>Tab：下一个角 · 方向键：移动（Shift：更快）· Enter：采用 · Esc：取消</translation>
    </message>
    <message>
        <source>&amp;Whole frame</source>
        <translation>整个画面(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Detected page</source>
        <translation>识别到的纸张(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Use</source>
        <translation>采用(&amp;U)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>Crash</name>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <source>Something went wrong. The details were written to the log; please tell support.</source>
        <translation>程序出现问题。详细信息已写入日志，请联系技术支持。</translation>
    </message>
</context>
<context>
    <name>DiagnosticsDialog</name>
    <message>
        <source>Card reader diagnostics</source>
        <translation>读卡器诊断</translation>
    </message>
    <message>
        <source>Reader</source>
        <translation>读卡器</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>卡片</translation>
    </message>
    <message>
        <source>ATR</source>
        <translation>ATR</translation>
    </message>
    <message>
        <source>Last result</source>
        <translation>最近结果</translation>
    </message>
    <message>
        <source>&amp;Copy for support</source>
        <translation>复制给技术支持(&amp;C)</translation>
    </message>
    <message>
        <source>Last errors</source>
        <translation>最近错误</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>not running</source>
        <translation>未运行</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>启动中</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>not installed (libpcsclite)</source>
        <translation>未安装（libpcsclite）</translation>
    </message>
    <message>
        <source>Smart-card service (PC/SC): %1</source>
        <translation>智能卡服务（PC/SC）：%1</translation>
    </message>
    <message>
        <source>Preferred reader: %1</source>
        <translation>首选读卡器：%1</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>ID-card reader: %1, port %2, %3</source>
        <translation>身份证阅读器：%1，端口 %2，%3</translation>
    </message>
    <message>
        <source>ID-card reader: not configured</source>
        <translation>身份证阅读器：未配置</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>The server cannot be reached. You are working offline; everything you enter is kept and sent later.</source>
        <translation>无法连接服务器，当前处于离线状态；录入的内容均会保存，联网后自动发送。</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not trusted. Check the CA bundle in Settings or ask support.</source>
        <translation>服务器证书不受信任。请在“设置”中检查 CA 证书，或联系技术支持。</translation>
    </message>
    <message>
        <source>The server sent an answer this workstation does not understand. Nothing was changed; the next sync will try again.</source>
        <translation>服务器返回了本工作台无法识别的应答。未做任何更改，下次同步时将重试。</translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <source>Your session has expired. Please log in again.</source>
        <translation>登录已过期，请重新登录。</translation>
    </message>
    <message>
        <source>The catalogue on the server was replaced; it is being downloaded again.</source>
        <translation>服务器上的事项目录已整体更新，正在重新下载。</translation>
    </message>
    <message>
        <source>The server refused this record. Check it and send it again.</source>
        <translation>服务器拒收了此条记录。请检查后重新发送。</translation>
    </message>
    <message>
        <source>The server is still processing an earlier request; it will be retried.</source>
        <translation>服务器仍在处理之前的请求，稍后将自动重试。</translation>
    </message>
    <message>
        <source>The server reported an error. It will be retried automatically.</source>
        <translation>服务器发生错误，稍后将自动重试。</translation>
    </message>
    <message>
        <source>The server cannot be reached, and this user has never logged in on this workstation. Log in once while online.</source>
        <translation>无法连接服务器，且该用户从未在本工作台登录过。请在联网状态下先登录一次。</translation>
    </message>
    <message>
        <source>Please log in first.</source>
        <translation>请先登录。</translation>
    </message>
    <message>
        <source>The system keyring is not available. The workstation needs it to protect personal data; ask support.</source>
        <translation>系统密钥环不可用。本工作台需要用它保护个人信息，请联系技术支持。</translation>
    </message>
    <message>
        <source>This setting is not valid.</source>
        <translation>此项设置无效。</translation>
    </message>
    <message>
        <source>The local database was written by a newer version of the workstation. It was left untouched; please install the newer version.</source>
        <translation>本地数据库由更高版本的工作台写入，已保持原样未作改动；请安装新版本。</translation>
    </message>
    <message>
        <source>The local database is damaged. It was left untouched; ask support to restore it.</source>
        <translation>本地数据库已损坏，已保持原样未作改动；请联系技术支持进行恢复。</translation>
    </message>
    <message>
        <source>The disk is full. Nothing was saved; free some space and try again.</source>
        <translation>磁盘空间已满，未保存任何内容；请清理出部分空间后重试。</translation>
    </message>
    <message>
        <source>The key that protects the local data is missing from the system keyring, so the data cannot be opened.</source>
        <translation>系统密钥环中缺少保护本地数据的密钥，无法打开本地数据。</translation>
    </message>
    <message>
        <source>Protected data could not be opened with this workstation&apos;s key.</source>
        <translation>无法用本工作台的密钥打开受保护的数据。</translation>
    </message>
    <message>
        <source>The local database could not be used.</source>
        <translation>无法使用本地数据库。</translation>
    </message>
    <message>
        <source>A captured page is missing from this workstation&apos;s disk. Capture the material again.</source>
        <translation>本机磁盘上缺少一张已采集的页面。请重新采集该材料。</translation>
    </message>
    <message>
        <source>This case&apos;s scanned pages were removed from this workstation after the retention period; the server keeps them.</source>
        <translation>该办件的扫描页已超过本机保留期限并从本机删除；服务器上仍有保存。</translation>
    </message>
    <message>
        <source>The file cannot be opened: it is gone or not readable.</source>
        <translation>无法打开文件：文件不存在或无法读取。</translation>
    </message>
    <message>
        <source>The file is empty (0 bytes).</source>
        <translation>文件为空（0 字节）。</translation>
    </message>
    <message>
        <source>This is not a JPEG, PNG, TIFF or PDF file.</source>
        <translation>这不是 JPEG、PNG、TIFF 或 PDF 文件。</translation>
    </message>
    <message>
        <source>The file is damaged and cannot be read.</source>
        <translation>文件已损坏，无法读取。</translation>
    </message>
    <message>
        <source>The image is incomplete (cut off); copy or download it again.</source>
        <translation>图片不完整（被截断），请重新复制或下载。</translation>
    </message>
    <message>
        <source>The image is too large to use (over 50 megapixels). Scan or photograph it at a lower resolution.</source>
        <translation>图片过大（超过 5000 万像素）。请以较低分辨率扫描或拍摄。</translation>
    </message>
    <message>
        <source>The file has more pages than can be attached at once (200). Split it and attach the pages this material needs.</source>
        <translation>文件页数超过一次可附加的上限（200 页）。请拆分文件，只附加该材料所需的页面。</translation>
    </message>
    <message>
        <source>The PDF is protected by a password. Ask for an unprotected copy.</source>
        <translation>该 PDF 设有密码保护，请索取未加密的版本。</translation>
    </message>
    <message>
        <source>The document camera is not connected or is used by another program. Check the cable, or choose it in Settings.</source>
        <translation>高拍仪未连接或正被其他程序使用。请检查连线，或在“设置”中选择。</translation>
    </message>
    <message>
        <source>The document camera stopped (unplugged?). Pages already taken are kept; plug it in and reopen the camera.</source>
        <translation>高拍仪已停止（被拔出？）。已拍摄的页面仍保留；请重新连接后再打开高拍仪。</translation>
    </message>
    <message>
        <source>Scanner support (SANE) is not installed on this workstation.</source>
        <translation>本机未安装扫描仪支持（SANE）。</translation>
    </message>
    <message>
        <source>The scanner is not connected or is switched off.</source>
        <translation>扫描仪未连接或未开机。</translation>
    </message>
    <message>
        <source>The scanner is busy with another job; try again in a moment.</source>
        <translation>扫描仪正忙，请稍后再试。</translation>
    </message>
    <message>
        <source>Paper jam in the scanner. Clear it and scan the remaining pages.</source>
        <translation>扫描仪卡纸。请清除卡纸后扫描剩余页面。</translation>
    </message>
    <message>
        <source>The scanner&apos;s cover is open. Close it and scan again.</source>
        <translation>扫描仪盖板未合上。请合上后重新扫描。</translation>
    </message>
    <message>
        <source>The document feeder is empty. Put the papers in and scan again.</source>
        <translation>自动进纸器中没有纸张。请放入纸张后重新扫描。</translation>
    </message>
    <message>
        <source>The scanner stopped answering (cable or power). Check it and scan again.</source>
        <translation>扫描仪无响应（连线或电源）。请检查后重新扫描。</translation>
    </message>
    <message>
        <source>The scanner ran out of memory; scan at a lower resolution.</source>
        <translation>扫描仪内存不足，请以较低分辨率扫描。</translation>
    </message>
    <message>
        <source>This workstation is not allowed to use the scanner; ask support.</source>
        <translation>本机无权使用该扫描仪，请联系技术支持。</translation>
    </message>
    <message>
        <source>The scan was cancelled.</source>
        <translation>扫描已取消。</translation>
    </message>
    <message>
        <source>The scanner reported an error: %1</source>
        <translation>扫描仪报告错误：%1</translation>
    </message>
    <message>
        <source>A captured page could not be read back.</source>
        <translation>无法读取一张已采集的页面。</translation>
    </message>
    <message>
        <source>The page is too large to process.</source>
        <translation>页面过大，无法处理。</translation>
    </message>
    <message>
        <source>No Chinese font is installed, so nothing can be printed. Install the fonts-wqy-zenhei package or ask support.</source>
        <translation>未安装中文字体，无法打印。请安装 fonts-wqy-zenhei 软件包或联系技术支持。</translation>
    </message>
    <message>
        <source>The case cannot be recorded with this outcome yet.</source>
        <translation>该办件目前还不能按此结果办结。</translation>
    </message>
    <message>
        <source>This case is not on this workstation.</source>
        <translation>本机没有这个办件。</translation>
    </message>
    <message>
        <source>The printing system (CUPS) is not running or not installed, so nothing can be printed directly. Save the PDF or open it in the viewer, and ask support.</source>
        <translation>打印系统（CUPS）未运行或未安装，无法直接打印。请先保存 PDF 或用查看器打开，并联系技术支持。</translation>
    </message>
    <message>
        <source>This printer is no longer available or does not accept jobs. Choose another printer.</source>
        <translation>该打印机已不可用或暂停接收任务，请选择其他打印机。</translation>
    </message>
    <message>
        <source>The printer refused the document. Check the printer and try again.</source>
        <translation>打印机拒绝了该文档。请检查打印机后重试。</translation>
    </message>
    <message>
        <source>The printing system did not answer in time. Look at the printer before printing again: the document may already be queued.</source>
        <translation>打印系统未及时响应。再次打印前请先查看打印机：文档可能已在打印队列中。</translation>
    </message>
    <message>
        <source>The document could not be prepared for printing.</source>
        <translation>文档无法生成，不能打印。</translation>
    </message>
    <message>
        <source>The training server could not be started.</source>
        <translation>无法启动培训服务器。</translation>
    </message>
    <message>
        <source>The sandbox could not be saved or reset (%1).</source>
        <translation>培训环境无法保存或重置（%1）。</translation>
    </message>
    <message>
        <source>Snapshots and resets are for training mode only.</source>
        <translation>快照和重置仅用于培训模式。</translation>
    </message>
    <message>
        <source>A snapshot&apos;s name may not contain “/” or “\” and has at most 80 characters.</source>
        <translation>快照名称不能包含“/”或“\”，且不超过 80 个字符。</translation>
    </message>
    <message>
        <source>A snapshot with this name exists already.</source>
        <translation>已有同名快照。</translation>
    </message>
    <message>
        <source>This snapshot is not there any more.</source>
        <translation>该快照已不存在。</translation>
    </message>
    <message>
        <source>This snapshot is incomplete or damaged and cannot be restored; delete it.</source>
        <translation>该快照不完整或已损坏，无法恢复，请删除。</translation>
    </message>
    <message>
        <source>The key of the sandbox&apos;s data is missing from the keyring, so no snapshot of it could be opened again. Reset the sandbox to the clean state.</source>
        <translation>密钥环中缺少培训环境数据的密钥，所做的快照将无法再打开。请将培训环境重置为初始状态。</translation>
    </message>
    <message>
        <source>Unexpected error: %1</source>
        <translation>意外错误：%1</translation>
    </message>
</context>
<context>
    <name>FormsDialog</name>
    <message>
        <source>Forms and samples: %1</source>
        <translation>空白表格与填写样例：%1</translation>
    </message>
    <message>
        <source>Blank form</source>
        <translation>空白表</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>填写样例</translation>
    </message>
    <message>
        <source>This item offers no blank forms or samples.</source>
        <translation>本事项没有可打印的空白表格或填写样例。</translation>
    </message>
    <message>
        <source>Preparing the preview…</source>
        <translation>正在生成预览…</translation>
    </message>
    <message>
        <source>This form has not reached this workstation yet (or was withdrawn). Sync, then open it again.</source>
        <translation>本机还没有这份表格（或已被撤下）。请先同步，再重新打开。</translation>
    </message>
</context>
<context>
    <name>Guide</name>
    <message>
        <source>Administrative licence</source>
        <translation>行政许可</translation>
    </message>
    <message>
        <source>Administrative penalty</source>
        <translation>行政处罚</translation>
    </message>
    <message>
        <source>Administrative enforcement</source>
        <translation>行政强制</translation>
    </message>
    <message>
        <source>Administrative levy</source>
        <translation>行政征收</translation>
    </message>
    <message>
        <source>Administrative benefit</source>
        <translation>行政给付</translation>
    </message>
    <message>
        <source>Administrative inspection</source>
        <translation>行政检查</translation>
    </message>
    <message>
        <source>Administrative confirmation</source>
        <translation>行政确认</translation>
    </message>
    <message>
        <source>Administrative reward</source>
        <translation>行政奖励</translation>
    </message>
    <message>
        <source>Administrative ruling</source>
        <translation>行政裁决</translation>
    </message>
    <message>
        <source>Other administrative power</source>
        <translation>其他行政权力</translation>
    </message>
    <message>
        <source>Public service</source>
        <translation>公共服务</translation>
    </message>
    <message>
        <source>original</source>
        <translation>原件</translation>
    </message>
    <message>
        <source>copy</source>
        <translation>复印件</translation>
    </message>
    <message>
        <source>electronic</source>
        <translation>电子材料</translation>
    </message>
    <message>
        <source>on the spot</source>
        <translation>即办</translation>
    </message>
    <message>
        <source>%1 working days</source>
        <translation>%1 个工作日</translation>
    </message>
    <message>
        <source>None listed</source>
        <translation>无</translation>
    </message>
    <message>
        <source>When: %1</source>
        <translation>适用情形：%1</translation>
    </message>
    <message>
        <source>Always</source>
        <translation>所有情形</translation>
    </message>
    <message>
        <source>%1 original(s)</source>
        <translation>原件 %1 份</translation>
    </message>
    <message>
        <source>%1 copy/copies</source>
        <translation>复印件 %1 份</translation>
    </message>
    <message>
        <source>required</source>
        <translation>必要</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>非必要</translation>
    </message>
    <message>
        <source>may be supplied later (容缺)</source>
        <translation>可容缺后补</translation>
    </message>
    <message>
        <source>electronic licence: %1</source>
        <translation>电子证照：%1</translation>
    </message>
    <message>
        <source>Blank form: %1</source>
        <translation>空白表格：%1</translation>
    </message>
    <message>
        <source>Sample: %1</source>
        <translation>示例样表：%1</translation>
    </message>
    <message>
        <source>Statutory time limit</source>
        <translation>法定办结时限</translation>
    </message>
    <message>
        <source>Promised time limit</source>
        <translation>承诺办结时限</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>收费标准</translation>
    </message>
    <message>
        <source>Applicants</source>
        <translation>服务对象</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>办理结果</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>送达方式</translation>
    </message>
    <message>
        <source>Conditions</source>
        <translation>受理条件</translation>
    </message>
    <message>
        <source>Situations</source>
        <translation>办理情形</translation>
    </message>
    <message>
        <source>Materials</source>
        <translation>申请材料</translation>
    </message>
    <message>
        <source>Material</source>
        <translation>材料名称</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>材料形式</translation>
    </message>
    <message>
        <source>Requirement</source>
        <translation>材料要求</translation>
    </message>
    <message>
        <source>Source and notes</source>
        <translation>来源渠道及说明</translation>
    </message>
    <message>
        <source>Process</source>
        <translation>办理流程</translation>
    </message>
    <message>
        <source>Legal basis</source>
        <translation>设立依据</translation>
    </message>
    <message>
        <source>Where and when</source>
        <translation>办理地点和时间</translation>
    </message>
    <message>
        <source>Enquiries</source>
        <translation>咨询电话</translation>
    </message>
    <message>
        <source>Frequently asked questions</source>
        <translation>常见问题</translation>
    </message>
    <message>
        <source>adds: %1</source>
        <translation>增加：%1</translation>
    </message>
    <message>
        <source>no extra materials</source>
        <translation>无需增加材料</translation>
    </message>
</context>
<context>
    <name>HandoverDialog</name>
    <message>
        <source>Hand over %1</source>
        <translation>发放 %1</translation>
    </message>
    <message>
        <source>Case %1</source>
        <translation>办件 %1</translation>
    </message>
    <message>
        <source>Applicant: %1 (%2)</source>
        <translation>申请人：%1（%2）</translation>
    </message>
    <message>
        <source>Sheet %1</source>
        <translation>印制号 %1</translation>
    </message>
    <message>
        <source>In &amp;person</source>
        <translation>现场领取(&amp;P)</translation>
    </message>
    <message>
        <source>By p&amp;ost</source>
        <translation>邮寄(&amp;O)</translation>
    </message>
    <message>
        <source>Print the re&amp;ceipt… (Ctrl+P)</source>
        <translation>打印回执(&amp;C)…（Ctrl+P）</translation>
    </message>
    <message>
        <source>Add&amp;ressee</source>
        <translation>收件人(&amp;R)</translation>
    </message>
    <message>
        <source>Whom the certificate is posted to</source>
        <translation>证照寄送的收件人</translation>
    </message>
    <message>
        <source>The applicant, or who collects for them</source>
        <translation>申请人本人或代领人</translation>
    </message>
    <message>
        <source>I compared the recipient&apos;s &amp;ID card with them (no reader, or the card cannot be read)</source>
        <translation>已人工核对领取人身份证件（无读卡器或无法读卡）(&amp;I)</translation>
    </message>
    <message>
        <source>Signs on the customer &amp;screen</source>
        <translation>在签名屏上签名(&amp;S)</translation>
    </message>
    <message>
        <source>Open the si&amp;gnature screen (Ctrl+G)</source>
        <translation>打开签名屏(&amp;G)（Ctrl+G）</translation>
    </message>
    <message>
        <source>Signs a p&amp;aper receipt</source>
        <translation>在纸质回执上签字(&amp;A)</translation>
    </message>
    <message>
        <source>Identity checked on the card reader: %1 (%2).</source>
        <translation>已通过读卡器核验身份：%1（%2）。</translation>
    </message>
    <message>
        <source>Put the recipient&apos;s ID card on the reader to check their identity.</source>
        <translation>请将领取人的身份证放在读卡器上核验身份。</translation>
    </message>
    <message>
        <source>No card reader: compare the recipient&apos;s ID card with them.</source>
        <translation>无读卡器：请人工核对领取人身份证件。</translation>
    </message>
    <message>
        <source>Not signed yet.</source>
        <translation>尚未签名。</translation>
    </message>
    <message>
        <source>Signed.</source>
        <translation>已签名。</translation>
    </message>
    <message>
        <source>Printed: hand it over to sign.</source>
        <translation>已打印，请交领取人签字。</translation>
    </message>
    <message>
        <source>Not printed yet.</source>
        <translation>尚未打印。</translation>
    </message>
    <message>
        <source>The document read is not the one the case names; check that it is the applicant&apos;s.</source>
        <translation>所读证件与案件登记的证件不同，请核实是否为申请人本人的证件。</translation>
    </message>
    <message>
        <source>This is not the applicant: check that they may collect for them (e.g. a power of attorney).</source>
        <translation>领取人不是申请人本人：请核验代领手续（如授权委托书）。</translation>
    </message>
    <message>
        <source>This ID card expired on %1: it does not prove identity. Ask for a valid document.</source>
        <translation>该身份证已于 %1 过期，不能用于核验身份。请领取人出示有效证件。</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%2的%1</translation>
    </message>
    <message>
        <source>The signature screen was closed without a signature.</source>
        <translation>签名屏已关闭，未签名。</translation>
    </message>
    <message>
        <source>The recipient signs on the customer screen.</source>
        <translation>请领取人在签名屏上签名。</translation>
    </message>
    <message>
        <source>Print the receipt and let the recipient sign it; keep the signed sheet with the desk&apos;s records.</source>
        <translation>打印回执并请领取人签字；签字后的回执由出证窗口留存归档。</translation>
    </message>
    <message>
        <source>Print the receipt (Ctrl+P) and let the recipient sign it first.</source>
        <translation>请先打印回执（Ctrl+P）并请领取人签字。</translation>
    </message>
    <message>
        <source>e.g. 1180212345678</source>
        <translation>例如 1180212345678</translation>
    </message>
    <message>
        <source>Recor&amp;d the hand-over (Ctrl+Return)</source>
        <translation>登记发放(&amp;D)（Ctrl+Return）</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>取消（Esc）</translation>
    </message>
    <message>
        <source>In person</source>
        <translation>现场领取</translation>
    </message>
    <message>
        <source>By post</source>
        <translation>邮寄</translation>
    </message>
    <message>
        <source>&amp;Tracking number</source>
        <translation>邮件号(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Recipient</source>
        <translation>领取人(&amp;R)</translation>
    </message>
</context>
<context>
    <name>Intake</name>
    <message>
        <source>Required.</source>
        <translation>必填。</translation>
    </message>
    <message>
        <source>A resident ID number has 18 characters.</source>
        <translation>公民身份号码应为18位。</translation>
    </message>
    <message>
        <source>Digits only; the last one may be X.</source>
        <translation>只能是数字，最后一位可以是 X。</translation>
    </message>
    <message>
        <source>The first two digits are no province code.</source>
        <translation>前两位不是有效的省级行政区划代码。</translation>
    </message>
    <message>
        <source>Digits 7–14 are not a valid birth date.</source>
        <translation>第7–14位不是有效的出生日期。</translation>
    </message>
    <message>
        <source>The check digit does not match: a digit is probably mistyped.</source>
        <translation>校验位不符，可能有数字输错。</translation>
    </message>
    <message>
        <source>A unified social credit code has 18 characters.</source>
        <translation>统一社会信用代码应为18位。</translation>
    </message>
    <message>
        <source>Contains characters a credit code never has (I, O, S, V, Z).</source>
        <translation>含有统一社会信用代码不使用的字符（I、O、S、V、Z）。</translation>
    </message>
    <message>
        <source>The organisation code inside (characters 9–17) does not check.</source>
        <translation>第9–17位的组织机构代码校验不符。</translation>
    </message>
    <message>
        <source>The last character does not match: a character is probably mistyped.</source>
        <translation>最后一位校验码不符，可能有字符输错。</translation>
    </message>
    <message>
        <source>Not a mobile or landline number (landlines with area code).</source>
        <translation>不是有效的手机号码或固定电话（固定电话需带区号）。</translation>
    </message>
    <message>
        <source>The document has expired. Tick the box if it may still be accepted for this matter.</source>
        <translation>证件已过期。如本事项仍可接受，请勾选确认。</translation>
    </message>
    <message>
        <source>The card&apos;s number disagrees with its own birth date or sex: the card may be forged or damaged. Check the document by eye and ask a supervisor.</source>
        <translation>卡内号码与其出生日期或性别不符，证件可能伪造或损坏。请人工核验并报告主管。</translation>
    </message>
    <message>
        <source>The applicant&apos;s details need correcting (see the red notes).</source>
        <translation>申请人信息需要更正（见红色提示）。</translation>
    </message>
    <message>
        <source>Required materials are missing or defective:</source>
        <translation>以下必要材料缺少或不符合要求：</translation>
    </message>
    <message>
        <source>Nothing is missing: a one-time notice would list nothing. Accept the case instead.</source>
        <translation>材料已齐全，一次性告知书将没有内容。请直接受理。</translation>
    </message>
    <message>
        <source>A refusal needs its reason and legal basis.</source>
        <translation>不予受理须写明理由和法律依据。</translation>
    </message>
    <message>
        <source>A 容缺 commitment date lies in the past.</source>
        <translation>容缺承诺的补交日期早于今天。</translation>
    </message>
</context>
<context>
    <name>IntakeView</name>
    <message>
        <source>Discard draft</source>
        <translation>放弃此件</translation>
    </message>
    <message>
        <source>Unfinished:</source>
        <translation>未完成：</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>An agent (代办人) acts for the applicant</source>
        <translation>由代办人代为办理</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>代办人</translation>
    </message>
    <message>
        <source>Material</source>
        <translation>材料</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>已收</translation>
    </message>
    <message>
        <source>Originals</source>
        <translation>原件</translation>
    </message>
    <message>
        <source>Copies</source>
        <translation>复印件</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>页数</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>容缺</source>
        <translation>容缺</translation>
    </message>
    <message>
        <source>Scans</source>
        <translation>扫描件</translation>
    </message>
    <message>
        <source>Supply by</source>
        <translation>补交期限</translation>
    </message>
    <message>
        <source>Electronic licence</source>
        <translation>电子证照</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Look up electronic licences (Ctrl+L)</source>
        <translation>查询电子证照（Ctrl+L）</translation>
    </message>
    <message>
        <source>Scans as PDF… (Ctrl+Shift+P)</source>
        <translation>扫描件导出 PDF…（Ctrl+Shift+P）</translation>
    </message>
    <message>
        <source>Note for the back office (optional)</source>
        <translation>给后台的备注（可选）</translation>
    </message>
    <message>
        <source>&amp;Accept (Ctrl+Enter)</source>
        <translation>受理(&amp;A)（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>One-time &amp;notice (Ctrl+Shift+Enter)</source>
        <translation>一次性告知(&amp;N)（Ctrl+Shift+Enter）</translation>
    </message>
    <message>
        <source>&amp;Refuse… (Ctrl+Shift+R)</source>
        <translation>不予受理(&amp;R)…（Ctrl+Shift+R）</translation>
    </message>
    <message>
        <source>No case open. Open an item in the knowledge base and press Ctrl+N to start a case for it.</source>
        <translation>当前没有办件。请在办事指南中打开事项，按 Ctrl+N 开始受理。</translation>
    </message>
    <message>
        <source>(no applicant yet)</source>
        <translation>（尚未录入申请人）</translation>
    </message>
    <message>
        <source>Intake</source>
        <translation>受理</translation>
    </message>
    <message>
        <source>Case %1, revision %2</source>
        <translation>办件 %1，第 %2 版</translation>
    </message>
    <message>
        <source>This item has been withdrawn from the catalogue since the case was started; the case keeps the guide it was started with.</source>
        <translation>该事项在开始受理后已从事项目录中撤下；本办件仍按开始受理时的办事指南办理。</translation>
    </message>
    <message>
        <source>The guide of this item has changed since the case was started (now version %1). This case keeps version %2, the one it was started with.</source>
        <translation>开始受理后该事项的办事指南已更新（现为第 %1 版）。本办件仍按开始受理时的第 %2 版办理。</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Unclear</source>
        <translation>不清晰</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>Wrong or missing seal</source>
        <translation>印章不符或缺少</translation>
    </message>
    <message>
        <source>Not signed</source>
        <translation>缺少签名</translation>
    </message>
    <message>
        <source>Incomplete</source>
        <translation>填写不完整</translation>
    </message>
    <message>
        <source>Inconsistent</source>
        <translation>信息不一致</translation>
    </message>
    <message>
        <source>Copy instead of original</source>
        <translation>应交原件</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Capture this material&apos;s pages (Ctrl+K)</source>
        <translation>采集该材料的页面（Ctrl+K）</translation>
    </message>
    <message>
        <source>%1 scanned</source>
        <translation>已采集 %1 页</translation>
    </message>
    <message>
        <source>Capture…</source>
        <translation>采集…</translation>
    </message>
    <message>
        <source>No pages have been captured for this case yet.</source>
        <translation>本件尚未采集任何页面。</translation>
    </message>
    <message>
        <source>Unsaved changes…</source>
        <translation>有未保存的修改…</translation>
    </message>
    <message>
        <source>✓ received</source>
        <translation>✓ 已收</translation>
    </message>
    <message>
        <source>✓ electronic licence</source>
        <translation>✓ 电子证照</translation>
    </message>
    <message>
        <source>✓ 容缺 committed</source>
        <translation>✓ 容缺承诺</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>缺少</translation>
    </message>
    <message>
        <source>defective</source>
        <translation>不符合要求</translation>
    </message>
    <message>
        <source>needs a date</source>
        <translation>需填补交日期</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>非必要</translation>
    </message>
    <message>
        <source>Draft saved %1</source>
        <translation>草稿已保存 %1</translation>
    </message>
    <message>
        <source>Asking the server…</source>
        <translation>正在向服务器查询…</translation>
    </message>
    <message>
        <source>%1 valid electronic licences found.</source>
        <translation>查到 %1 个有效电子证照。</translation>
    </message>
    <message>
        <source>Offline: electronic licences cannot be checked now. Take the paper documents.</source>
        <translation>离线：暂时无法查询电子证照，请收取纸质材料。</translation>
    </message>
</context>
<context>
    <name>KnowledgeBaseView</name>
    <message>
        <source>Search items, materials, pinyin or codes (Ctrl+F)</source>
        <translation>搜索事项、材料、拼音或编码（Ctrl+F）</translation>
    </message>
    <message>
        <source>Print material list… (Ctrl+P)</source>
        <translation>打印材料清单…（Ctrl+P）</translation>
    </message>
    <message>
        <source>Forms and samples… (Ctrl+B)</source>
        <translation>空白表格与样例…（Ctrl+B）</translation>
    </message>
    <message>
        <source>Choose an item to read its guide.</source>
        <translation>请选择事项以查看办事指南。</translation>
    </message>
    <message>
        <source>Start a case… (Ctrl+N)</source>
        <translation>开始受理…（Ctrl+N）</translation>
    </message>
    <message>
        <source>Find item</source>
        <translation>查找事项</translation>
    </message>
    <message>
        <source>Add to or remove from favourites</source>
        <translation>加入或移出收藏</translation>
    </message>
    <message>
        <source>Print material list…</source>
        <translation>打印材料清单…</translation>
    </message>
    <message>
        <source>Blank forms and samples…</source>
        <translation>空白表格与样例…</translation>
    </message>
    <message>
        <source>Start a case for this item</source>
        <translation>受理此事项</translation>
    </message>
    <message>
        <source>★ Favourites (%1)</source>
        <translation>★ 我的收藏（%1）</translation>
    </message>
    <message>
        <source>Recently opened (%1)</source>
        <translation>最近打开（%1）</translation>
    </message>
    <message>
        <source>All items (%1)</source>
        <translation>全部事项（%1）</translation>
    </message>
    <message>
        <source>By department</source>
        <translation>按部门</translation>
    </message>
    <message>
        <source>By item type</source>
        <translation>按事项类型</translation>
    </message>
    <message>
        <source>%1 items</source>
        <translation>%1 个事项</translation>
    </message>
    <message>
        <source>%1 results</source>
        <translation>%1 条结果</translation>
    </message>
    <message>
        <source>Nothing found. Try fewer characters, pinyin initials or a material name.</source>
        <translation>未找到。请减少字数，或改用拼音首字母、材料名称搜索。</translation>
    </message>
    <message>
        <source>Search is not available right now.</source>
        <translation>搜索暂时不可用。</translation>
    </message>
    <message>
        <source>This item is no longer in the catalogue.</source>
        <translation>该事项已不在事项目录中。</translation>
    </message>
    <message>
        <source>★ In favourites (Ctrl+D)</source>
        <translation>★ 已收藏（Ctrl+D）</translation>
    </message>
    <message>
        <source>☆ Add to favourites (Ctrl+D)</source>
        <translation>☆ 加入收藏（Ctrl+D）</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>用户名(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>稍后</translation>
    </message>
    <message>
        <source>Training mode: log in as demo / demo1234.</source>
        <translation>培训模式：请使用 demo / demo1234 登录。</translation>
    </message>
    <message>
        <source>Your session has expired. Enter your password to go on syncing; your work here is not affected.</source>
        <translation>登录已过期。请输入密码以继续同步；当前办理的业务不受影响。</translation>
    </message>
    <message>
        <source>Enter your user name and password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
    <message>
        <source>Logging in…</source>
        <translation>正在登录…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>TRAINING MODE 培训模式 — practice data only, nothing here is valid</source>
        <translation>培训模式 — 仅供练习，此处所有数据和办理结果均无效</translation>
    </message>
    <message>
        <source>Knowledge base (Ctrl+1)</source>
        <translation>办事指南（Ctrl+1）</translation>
    </message>
    <message>
        <source>Intake (Ctrl+2)</source>
        <translation>受理（Ctrl+2）</translation>
    </message>
    <message>
        <source>My cases (Ctrl+3)</source>
        <translation>我的办件（Ctrl+3）</translation>
    </message>
    <message>
        <source>Certificate desk (Ctrl+4)</source>
        <translation>统一出证（Ctrl+4）</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>正在打开…</translation>
    </message>
    <message>
        <source>Sync now (F5)</source>
        <translation>立即同步(F5)</translation>
    </message>
    <message>
        <source>Clerk Workstation — TRAINING</source>
        <translation>综合受理工作台 — 培训模式</translation>
    </message>
    <message>
        <source>Clerk Workstation</source>
        <translation>综合受理工作台</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>S&amp;ync</source>
        <translation>同步(&amp;Y)</translation>
    </message>
    <message>
        <source>Sync &amp;now</source>
        <translation>立即同步(&amp;N)</translation>
    </message>
    <message>
        <source>S&amp;top syncing</source>
        <translation>停止同步(&amp;T)</translation>
    </message>
    <message>
        <source>Sync &amp;details…</source>
        <translation>同步详情(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Devices</source>
        <translation>设备(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Training</source>
        <translation>培训(&amp;T)</translation>
    </message>
    <message>
        <source>The local database was damaged. It has been set aside as %1; nothing was deleted.</source>
        <translation>本机数据库已损坏，已另存为 %1；没有删除任何内容。</translation>
    </message>
    <message>
        <source>It was restored from the automatic backup of %1.</source>
        <translation>已从 %1 的自动备份恢复。</translation>
    </message>
    <message>
        <source>No usable backup was found: the workstation starts with a new local database and downloads the catalogue again.</source>
        <translation>没有找到可用的备份：工作台将使用新的本机数据库，并重新下载事项目录。</translation>
    </message>
    <message>
        <source>Records not yet sent could not be read from the damaged file; support can try to recover them from it.</source>
        <translation>无法从损坏的文件中读取尚未发送的记录；技术支持可尝试从中恢复。</translation>
    </message>
    <message>
        <source>%1 records not yet sent were found in it; %2 of them were put back and will be sent, the others were already in the backup.</source>
        <translation>其中发现 %1 条尚未发送的记录；已恢复 %2 条并将发送，其余已包含在备份中。</translation>
    </message>
    <message>
        <source>%1 records not yet sent are in the damaged file; support can recover them from it.</source>
        <translation>损坏的文件中有 %1 条尚未发送的记录；技术支持可从中恢复。</translation>
    </message>
    <message>
        <source>Please tell support.</source>
        <translation>请告知技术支持。</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Card reader &amp;diagnostics…</source>
        <translation>读卡器诊断(&amp;D)…</translation>
    </message>
    <message>
        <source>Put a demo card on the reader</source>
        <translation>放入演示证件</translation>
    </message>
    <message>
        <source>Take the card off</source>
        <translation>取走证件</translation>
    </message>
    <message>
        <source>No server configured: working from the local catalogue. Set the server in Settings.</source>
        <translation>未配置服务器：正在使用本地事项目录。请在“设置”中配置服务器。</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <source>Stopping the sync…</source>
        <translation>正在停止同步…</translation>
    </message>
    <message>
        <source>Downloading catalogue: %1 items</source>
        <translation>正在下载事项目录：%1 项</translation>
    </message>
    <message>
        <source>Downloading calendar: %1 days</source>
        <translation>正在下载工作日历：%1 天</translation>
    </message>
    <message>
        <source>Downloading forms: %1</source>
        <translation>正在下载表格：%1 份</translation>
    </message>
    <message>
        <source>Case progress: %1 updates</source>
        <translation>办理进度：%1 条更新</translation>
    </message>
    <message>
        <source>Sending: %1 records</source>
        <translation>正在发送：%1 条记录</translation>
    </message>
    <message>
        <source>Sending scanned pages: %1 KB of this page</source>
        <translation>正在发送扫描页：本页已发送 %1 KB</translation>
    </message>
    <message>
        <source>Sync stopped. What was received is kept; the rest follows with the next sync.</source>
        <translation>同步已停止。已接收的内容均已保存，其余部分将在下次同步时继续。</translation>
    </message>
    <message>
        <source>The server had lost %1 cases it had confirmed (restored from a backup?); they were sent again from this workstation.</source>
        <translation>服务器丢失了 %1 件曾确认接收的办件（可能从备份恢复过）；已从本机重新发送。</translation>
    </message>
    <message>
        <source>Last sync %1</source>
        <translation>上次同步 %1</translation>
    </message>
    <message>
        <source>Never synced</source>
        <translation>尚未同步</translation>
    </message>
    <message>
        <source>%1 waiting to send</source>
        <translation>%1 条待发送</translation>
    </message>
    <message>
        <source>the oldest for %1</source>
        <translation>最早一条已等待 %1</translation>
    </message>
    <message>
        <source>%1 refused by the server</source>
        <translation>%1 条被服务器拒收</translation>
    </message>
    <message>
        <source>%1 items</source>
        <translation>%1 个事项</translation>
    </message>
</context>
<context>
    <name>MaterialListDialog</name>
    <message>
        <source>Material list: %1</source>
        <translation>材料清单：%1</translation>
    </message>
    <message>
        <source>This item has no situation questions.</source>
        <translation>该事项没有办理情形需要选择。</translation>
    </message>
    <message>
        <source>%1 materials for this situation</source>
        <translation>此情形需要 %1 项材料</translation>
    </message>
</context>
<context>
    <name>MyCasesView</name>
    <message>
        <source>Open cases</source>
        <translation>未办结</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Continue the case (Enter)</source>
        <translation>继续办理（Enter）</translation>
    </message>
    <message>
        <source>Print the document again (Ctrl+P)</source>
        <translation>补打文书（Ctrl+P）</translation>
    </message>
    <message>
        <source>Scans as PDF… (Ctrl+Shift+P)</source>
        <translation>扫描件导出 PDF…（Ctrl+Shift+P）</translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>受理编号</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>受理结果</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>办理进度</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>承诺办结日</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>剩余时限</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>已上报</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已受理</translation>
    </message>
    <message>
        <source>One-time notice</source>
        <translation>一次性告知</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>已接收</translation>
    </message>
    <message>
        <source>In review</source>
        <translation>审查中</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>已办结</translation>
    </message>
    <message>
        <source>Denied</source>
        <translation>不予许可</translation>
    </message>
    <message>
        <source>Certificate ready</source>
        <translation>待领证</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>已撤回</translation>
    </message>
    <message>
        <source>Overdue by %1 working days</source>
        <translation>已超期 %1 个工作日</translation>
    </message>
    <message>
        <source>Due today</source>
        <translation>今天到期</translation>
    </message>
    <message>
        <source>%1 working days</source>
        <translation>还剩 %1 个工作日</translation>
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
        <translation>待发送</translation>
    </message>
    <message>
        <source>%1 cases</source>
        <translation>共 %1 件</translation>
    </message>
    <message>
        <source>%1 due within a working day</source>
        <translation>%1 件即将到期</translation>
    </message>
    <message>
        <source>%1 overdue</source>
        <translation>%1 件已超期</translation>
    </message>
    <message>
        <source>This case has no captured pages.</source>
        <translation>该办件没有采集的页面。</translation>
    </message>
</context>
<context>
    <name>OutputBar</name>
    <message>
        <source>Looking for printers…</source>
        <translation>正在查找打印机…</translation>
    </message>
    <message>
        <source>P&amp;rinter:</source>
        <translation>打印机(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Copies:</source>
        <translation>份数(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Print</source>
        <translation>打印(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Save PDF…</source>
        <translation>另存为 PDF(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Open in viewer</source>
        <translation>用查看器打开(&amp;O)</translation>
    </message>
    <message>
        <source>Opens the PDF in the system viewer.</source>
        <translation>在系统的 PDF 查看器中打开。</translation>
    </message>
    <message>
        <source>No printer available</source>
        <translation>没有可用的打印机</translation>
    </message>
    <message>
        <source>Sending to %1…</source>
        <translation>正在发送到 %1…</translation>
    </message>
    <message>
        <source>Sent to %1 (job %2).</source>
        <translation>已发送到 %1（作业 %2）。</translation>
    </message>
    <message>
        <source>Save PDF</source>
        <translation>另存为 PDF</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
</context>
<context>
    <name>PartyForm</name>
    <message>
        <source>Person</source>
        <translation>个人</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Checked by eye (a document the workstation cannot check)</source>
        <translation>已人工核对（本机无法校验的证件）</translation>
    </message>
    <message>
        <source>Applicant is</source>
        <translation>申请人类型</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>姓名/名称(&amp;N)</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>证件类型</translation>
    </message>
    <message>
        <source>Document n&amp;umber</source>
        <translation>证件号码(&amp;U)</translation>
    </message>
    <message>
        <source>P&amp;hone</source>
        <translation>联系电话(&amp;H)</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Legal representative</source>
        <translation>法定代表人</translation>
    </message>
</context>
<context>
    <name>PdfExport</name>
    <message>
        <source>Save the scans as PDF</source>
        <translation>将扫描件保存为 PDF</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF（*.pdf）</translation>
    </message>
</context>
<context>
    <name>PdfPreview</name>
    <message>
        <source>Preparing the preview…</source>
        <translation>正在生成预览…</translation>
    </message>
    <message>
        <source>No preview: install poppler-utils. The PDF can still be saved and printed.</source>
        <translation>无法预览：请安装 poppler-utils。PDF 仍可保存和打印。</translation>
    </message>
</context>
<context>
    <name>PracticeDialog</name>
    <message>
        <source>Start a practice run</source>
        <translation>开始练习</translation>
    </message>
    <message>
        <source>The trainee&apos;s name</source>
        <translation>学员姓名</translation>
    </message>
    <message>
        <source>[level %1] %2</source>
        <translation>[难度 %1] %2</translation>
    </message>
    <message>
        <source>does not fit the catalogue: %1</source>
        <translation>与事项目录不符：%1</translation>
    </message>
    <message>
        <source>Scenario files that could not be loaded (%1):</source>
        <translation>无法加载的情景文件（%1 个）：</translation>
    </message>
    <message>
        <source>&amp;Start (Ctrl+Return)</source>
        <translation>开始(&amp;S)（Ctrl+Return）</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>取消（Esc）</translation>
    </message>
    <message>
        <source>&amp;Trainee</source>
        <translation>学员(&amp;T)</translation>
    </message>
    <message>
        <source>S&amp;cenarios (Space ticks)</source>
        <translation>情景(&amp;C)（空格勾选）</translation>
    </message>
    <message>
        <source>Enter the trainee&apos;s name.</source>
        <translation>请输入学员姓名。</translation>
    </message>
    <message>
        <source>Tick at least one scenario.</source>
        <translation>请至少勾选一个情景。</translation>
    </message>
</context>
<context>
    <name>ReceiptDialog</name>
    <message>
        <source>Hand-over receipt</source>
        <extracomment>The printer offered first, and how the clerk&apos;s choice is remembered (None: not).</extracomment>
        <translation>领取回执</translation>
    </message>
</context>
<context>
    <name>RefusalDialog</name>
    <message>
        <source>Refuse the application</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <source>e.g. 《中华人民共和国行政许可法》第三十二条</source>
        <translation>例如：《中华人民共和国行政许可法》第三十二条</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>取消（Esc）</translation>
    </message>
    <message>
        <source>Correct the serial of sheet %1</source>
        <translation>更正印制号 %1</translation>
    </message>
    <message>
        <source>The server refused sheet %1: another desk (%2) used that serial on %3. The serial was most likely typed wrong: read the one printed on the sheet in hand. The wrong serial is released; nothing is reprinted.</source>
        <translation>服务器退回印制号 %1：其他窗口（%2）已于 %3 使用该印制号。很可能是录入有误：请读取手中证书纸上印制的号码。录错的印制号将被释放，无需重新打印。</translation>
    </message>
    <message>
        <source>&amp;Serial on the sheet</source>
        <translation>证书纸上的印制号(&amp;S)</translation>
    </message>
    <message>
        <source>Serial typed wrong</source>
        <translation>印制号录入错误</translation>
    </message>
    <message>
        <source>&amp;Correct the serial (Ctrl+Return)</source>
        <translation>更正印制号(&amp;C)（Ctrl+Return）</translation>
    </message>
    <message>
        <source>Issued by another desk: %1</source>
        <translation>其他窗口已出证：%1</translation>
    </message>
    <message>
        <source>Another desk (%2) issued case %4 first, on %3. What was printed here (sheet %1) must not be handed out: every sheet printed here for it is voided, and the case leaves this desk. Keep the sheets for the stock keeper.</source>
        <translation>其他窗口（%2）已于 %3 先行为案件 %4 出证。本窗口打印的证书（印制号 %1）不得发放：为其打印的所有证书纸均作废，该案件移出本窗口。作废的证书纸请交库管员。</translation>
    </message>
    <message>
        <source>Issued by another desk first</source>
        <translation>其他窗口已先行出证</translation>
    </message>
    <message>
        <source>&amp;Void and give it up (Ctrl+Return)</source>
        <translation>作废并放弃出证(&amp;V)（Ctrl+Return）</translation>
    </message>
    <message>
        <source>A record the server refused</source>
        <translation>被服务器退回的记录</translation>
    </message>
    <message>
        <source>The server refused a desk record (%1, sheet %2). The desk cannot put it right; see Sync details (Ctrl+Shift+Y).</source>
        <translation>服务器退回了一条出证记录（%1，印制号 %2）。出证窗口无法自行更正，请查看同步详情（Ctrl+Shift+Y）。</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>理由(&amp;R)</translation>
    </message>
    <message>
        <source>Enter the serial printed on the sheet.</source>
        <translation>请输入证书纸上印制的号码。</translation>
    </message>
    <message>
        <source>Sheet %1 corrected to %2; it is sent again.</source>
        <translation>印制号 %1 已更正为 %2，将重新发送。</translation>
    </message>
    <message>
        <source>Given up; sheets voided: %1.</source>
        <translation>已放弃出证，作废的证书纸：%1。</translation>
    </message>
    <message>
        <source>Legal &amp;basis</source>
        <translation>法律依据(&amp;B)</translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <source>Trainee report: %1</source>
        <translation>学员练习报告：%1</translation>
    </message>
    <message>
        <source>%1: %2 of 100 points over %3 scenario(s).</source>
        <translation>%1：共 %3 个情景，总分 %2（满分 100）。</translation>
    </message>
</context>
<context>
    <name>ResetDialog</name>
    <message>
        <source>Reset the sandbox</source>
        <translation>重置培训环境</translation>
    </message>
    <message>
        <source>Reset the sandbox &amp;to:</source>
        <translation>将培训环境重置到(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Reset and restart…</source>
        <translation>重置并重新启动(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Delete snapshot…</source>
        <translation>删除快照(&amp;D)…</translation>
    </message>
    <message>
        <source>Clean state — the demo data as installed</source>
        <translation>初始状态——安装时的演示数据</translation>
    </message>
    <message>
        <source>Snapshot “%1” — saved %2, %3</source>
        <translation>快照“%1”——保存于 %2，%3</translation>
    </message>
    <message>
        <source>the clean state</source>
        <translation>初始状态</translation>
    </message>
    <message>
        <source>the snapshot “%1”</source>
        <translation>快照“%1”</translation>
    </message>
    <message>
        <source>Reset the sandbox to %1?</source>
        <translation>将培训环境重置到%1？</translation>
    </message>
    <message>
        <source>Reset and restart</source>
        <translation>重置并重新启动</translation>
    </message>
    <message>
        <source>Delete the snapshot</source>
        <translation>删除快照</translation>
    </message>
    <message>
        <source>Delete the snapshot “%1”? The sandbox can no longer be reset to it.</source>
        <translation>删除快照“%1”？删除后将不能再重置到该快照。</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>ResultsDialog</name>
    <message>
        <source>Trainees&apos; results</source>
        <translation>学员成绩</translation>
    </message>
    <message>
        <source>Trainee</source>
        <translation>学员</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>练习次数</translation>
    </message>
    <message>
        <source>Applicants</source>
        <translation>办理人次</translation>
    </message>
    <message>
        <source>Average</source>
        <translation>平均分</translation>
    </message>
    <message>
        <source>Best</source>
        <translation>最高分</translation>
    </message>
    <message>
        <source>Last run</source>
        <translation>最近一次</translation>
    </message>
    <message>
        <source>Minutes per applicant</source>
        <translation>平均每人用时（分钟）</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Scenarios</source>
        <translation>情景</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>总分</translation>
    </message>
    <message>
        <source>&amp;Open the report (Enter)</source>
        <translation>打开报告(&amp;O)（Enter）</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>关闭（Esc）</translation>
    </message>
    <message>
        <source>Trainees, best average first:</source>
        <translation>学员（按平均分从高到低）：</translation>
    </message>
    <message>
        <source>Practice runs, newest first:</source>
        <translation>练习记录（最新在前）：</translation>
    </message>
</context>
<context>
    <name>SandboxMenu</name>
    <message>
        <source>Everything done in the sandbox is lost and the demo data comes back as installed:</source>
        <translation>培训环境中所做的一切都将丢失，恢复为安装时的演示数据：</translation>
    </message>
    <message>
        <source>Everything done in the sandbox since the snapshot “%1” was saved (%2) is lost:</source>
        <translation>自快照“%1”保存（%2）以来在培训环境中所做的一切都将丢失：</translation>
    </message>
    <message>
        <source>cases, drafts and captured pages, certificate desk records, what the training server received, and changed settings;</source>
        <translation>案件、草稿和采集的页面，出证窗口记录，培训服务器收到的数据，以及修改过的设置；</translation>
    </message>
    <message>
        <source>the documents in the printed documents folder.</source>
        <translation>打印文件夹中的文件。</translation>
    </message>
    <message>
        <source>Saved snapshots and the records of practice runs are kept. The workstation restarts and asks for the login again.</source>
        <translation>已保存的快照和练习记录会保留。工作台将重新启动并要求重新登录。</translation>
    </message>
    <message>
        <source>Sa&amp;ve a snapshot…</source>
        <translation>保存快照(&amp;V)…</translation>
    </message>
    <message>
        <source>Reset the sand&amp;box…</source>
        <translation>重置培训环境(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Open the printed documents folder</source>
        <translation>打开打印文件夹(&amp;O)</translation>
    </message>
    <message>
        <source>Saving the snapshot “%1”…</source>
        <translation>正在保存快照“%1”…</translation>
    </message>
    <message>
        <source>Snapshot “%1” saved (%2).</source>
        <translation>快照“%1”已保存（%2）。</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>培训</translation>
    </message>
    <message>
        <source>The sandbox could not be reset: %1 It opens as it was.</source>
        <translation>培训环境无法重置：%1 将按原样打开。</translation>
    </message>
    <message>
        <source>Resetting the sandbox…</source>
        <translation>正在重置培训环境…</translation>
    </message>
    <message>
        <source>The folder could not be opened. It is %1</source>
        <translation>无法打开该文件夹，路径为 %1</translation>
    </message>
</context>
<context>
    <name>SaveSnapshotDialog</name>
    <message>
        <source>Save a snapshot of the sandbox</source>
        <translation>保存培训环境快照</translation>
    </message>
    <message>
        <source>e.g. 三个待补正的案件</source>
        <translation>例如：三个待补正的案件</translation>
    </message>
    <message>
        <source>Snapshot &amp;name:</source>
        <translation>快照名称(&amp;N)：</translation>
    </message>
    <message>
        <source>A snapshot keeps everything in the sandbox as it is now: cases, drafts, captured pages, certificate desk records, the training server&apos;s data and the settings. Reset the sandbox to it later from the Training menu.</source>
        <translation>快照保存培训环境的当前全部内容：案件、草稿、采集的页面、出证窗口记录、培训服务器的数据和设置。之后可从“培训”菜单将培训环境重置到该快照。</translation>
    </message>
    <message>
        <source>Give the snapshot a name without “/” or “\” (at most 80 characters).</source>
        <translation>请为快照命名，不含“/”或“\”（不超过 80 个字符）。</translation>
    </message>
    <message>
        <source>Replace the snapshot?</source>
        <translation>替换快照？</translation>
    </message>
    <message>
        <source>A snapshot named “%1” exists. Replace it with the sandbox as it is now?</source>
        <translation>已有名为“%1”的快照。要用培训环境的当前状态替换它吗？</translation>
    </message>
</context>
<context>
    <name>ScenarioPanel</name>
    <message>
        <source>At the counter (training)</source>
        <translation>窗口前（培训）</translation>
    </message>
    <message>
        <source>Applicant&apos;s card on the reader (F8)</source>
        <translation>申请人证件放上读卡器（F8）</translation>
    </message>
    <message>
        <source>Agent&apos;s card on the reader (Shift+F8)</source>
        <translation>代理人证件放上读卡器（Shift+F8）</translation>
    </message>
    <message>
        <source>Hint (Ctrl+Shift+H, costs 5 points)</source>
        <translation>提示（Ctrl+Shift+H，扣 5 分）</translation>
    </message>
    <message>
        <source>Done with this applicant (Ctrl+Shift+D)</source>
        <translation>本位申请人办理完毕（Ctrl+Shift+D）</translation>
    </message>
    <message>
        <source>Represented by %1</source>
        <translation>法定代表人/负责人：%1</translation>
    </message>
    <message>
        <source>Document valid until %1</source>
        <translation>证件有效期至 %1</translation>
    </message>
    <message>
        <source>Phone %1</source>
        <translation>电话 %1</translation>
    </message>
    <message>
        <source>Has the card “%1” to put on the reader.</source>
        <translation>可将证件“%1”放上读卡器。</translation>
    </message>
    <message>
        <source>Applicant %1 of %2</source>
        <translation>第 %1 位申请人，共 %2 位</translation>
    </message>
    <message>
        <source>Applicant:</source>
        <translation>申请人：</translation>
    </message>
    <message>
        <source>Agent (acting for the applicant):</source>
        <translation>代理人（代申请人办理）：</translation>
    </message>
    <message>
        <source>Hands over:</source>
        <translation>递交的材料：</translation>
    </message>
    <message>
        <source>Mentions:</source>
        <translation>申请人提到：</translation>
    </message>
    <message>
        <source>Time: %1</source>
        <translation>用时：%1</translation>
    </message>
    <message>
        <source>Time: %1 of %2 min</source>
        <translation>用时：%1（时限 %2 分钟）</translation>
    </message>
    <message>
        <source>(over)</source>
        <translation>（已超时）</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>System certificates</source>
        <translation>系统证书</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>Material lists</source>
        <translation>材料清单</translation>
    </message>
    <message>
        <source>Blank forms</source>
        <translation>空白表格</translation>
    </message>
    <message>
        <source>Acceptance notices</source>
        <translation>受理通知书</translation>
    </message>
    <message>
        <source>One-time notices</source>
        <translation>一次性告知书</translation>
    </message>
    <message>
        <source>Refusals</source>
        <translation>不予受理决定书</translation>
    </message>
    <message>
        <source>Certificates</source>
        <translation>证照</translation>
    </message>
    <message>
        <source>Printers</source>
        <translation>打印机</translation>
    </message>
    <message>
        <source>Looking for printers…</source>
        <translation>正在查找打印机…</translation>
    </message>
    <message>
        <source>Card readers</source>
        <translation>读卡器</translation>
    </message>
    <message>
        <source>Automatic (the reader with a document on it)</source>
        <translation>自动（放有证件的读卡器）</translation>
    </message>
    <message>
        <source>%1 (not connected now)</source>
        <translation>%1（当前未连接）</translation>
    </message>
    <message>
        <source>None: no ID-card reader</source>
        <translation>不填：不使用身份证阅读器</translation>
    </message>
    <message>
        <source>The same library</source>
        <translation>与阅读器库相同</translation>
    </message>
    <message>
        <source>USB %1</source>
        <translation>USB %1</translation>
    </message>
    <message>
        <source>Serial port %1</source>
        <translation>串口 %1</translation>
    </message>
    <message>
        <source>&amp;Diagnostics…</source>
        <translation>诊断(&amp;D)…</translation>
    </message>
    <message>
        <source>Passport &amp;reader</source>
        <translation>护照读卡器(&amp;R)</translation>
    </message>
    <message>
        <source>ID-card reader &amp;library</source>
        <translation>身份证阅读器库(&amp;L)</translation>
    </message>
    <message>
        <source>Photo &amp;decoder</source>
        <translation>照片解码库(&amp;D)</translation>
    </message>
    <message>
        <source>ID-card reader &amp;port</source>
        <translation>身份证阅读器端口(&amp;P)</translation>
    </message>
    <message>
        <source>Document capture</source>
        <translation>文档采集</translation>
    </message>
    <message>
        <source>Training demo papers</source>
        <translation>培训演示材料</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Chosen when scanning</source>
        <translation>扫描时选择</translation>
    </message>
    <message>
        <source>Flatbed</source>
        <translation>平板</translation>
    </message>
    <message>
        <source>Document feeder</source>
        <translation>自动进纸器</translation>
    </message>
    <message>
        <source>Document feeder, both sides</source>
        <translation>自动进纸器（双面）</translation>
    </message>
    <message>
        <source>%1 dpi</source>
        <translation>%1 dpi</translation>
    </message>
    <message>
        <source>Black and white document</source>
        <translation>黑白文档</translation>
    </message>
    <message>
        <source>Grey</source>
        <translation>灰度</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>彩色</translation>
    </message>
    <message>
        <source>Document ca&amp;mera</source>
        <translation>高拍仪(&amp;M)</translation>
    </message>
    <message>
        <source>Sca&amp;nner</source>
        <translation>扫描仪(&amp;N)</translation>
    </message>
    <message>
        <source>Paper &amp;from</source>
        <translation>进纸方式(&amp;F)</translation>
    </message>
    <message>
        <source>Sending over slow lines</source>
        <translation>慢速网络下的发送</translation>
    </message>
    <message>
        <source>Pages sent in pieces of</source>
        <translation>扫描页分块大小</translation>
    </message>
    <message>
        <source> KB</source>
        <translation> KB</translation>
    </message>
    <message>
        <source>Upload at most</source>
        <translation>上传速度上限</translation>
    </message>
    <message>
        <source> KB/s</source>
        <translation> KB/秒</translation>
    </message>
    <message>
        <source>Warn when waiting longer than</source>
        <translation>等待超过此时长时提醒</translation>
    </message>
    <message>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <source>Keep sent pages here for</source>
        <translation>已发送页面在本机保留</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Warn below free disk space of</source>
        <translation>磁盘剩余空间低于此值时提醒</translation>
    </message>
    <message>
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Send large pages only &amp;between</source>
        <translation>大页面仅在此时段发送(&amp;B)</translation>
    </message>
    <message>
        <source>every page</source>
        <translation>所有页面</translation>
    </message>
    <message>
        <source>and</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Large pages: from</source>
        <translation>大页面：自</translation>
    </message>
    <message>
        <source>Server &amp;URL</source>
        <translation>服务器地址(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;CA bundle</source>
        <translation>CA 证书(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Sync &amp;every</source>
        <translation>同步间隔(&amp;E)</translation>
    </message>
    <message>
        <source>Server, language and card reader changes take effect after a restart.</source>
        <translation>服务器、语言和读卡器设置在重启后生效。</translation>
    </message>
    <message>
        <source>Send large pages only between</source>
        <translation>大页面仅在此时段发送</translation>
    </message>
    <message>
        <source>ID-card reader library</source>
        <translation>身份证阅读器库</translation>
    </message>
    <message>
        <source>Photo decoder</source>
        <translation>照片解码库</translation>
    </message>
    <message>
        <source>Training mode always uses its built-in training server.</source>
        <translation>培训模式始终使用内置的培训服务器。</translation>
    </message>
    <message>
        <source>Camera resolu&amp;tion</source>
        <translation>高拍仪分辨率(&amp;T)</translation>
    </message>
    <message>
        <source>Sc&amp;an resolution</source>
        <translation>扫描分辨率(&amp;A)</translation>
    </message>
    <message>
        <source>Pages st&amp;ored at</source>
        <translation>页面保存精度(&amp;O)</translation>
    </message>
    <message>
        <source>Usual loo&amp;k</source>
        <translation>默认效果(&amp;K)</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>系统默认打印机</translation>
    </message>
    <message>
        <source>%1 (not available now)</source>
        <translation>%1（当前不可用）</translation>
    </message>
    <message>
        <source>%1 printers available.</source>
        <translation>共有 %1 台可用打印机。</translation>
    </message>
    <message>
        <source>Vendor library</source>
        <translation>厂商库</translation>
    </message>
    <message>
        <source>Shared libraries (*.so *.so.*);;All files (*)</source>
        <translation>共享库 (*.so *.so.*);;所有文件 (*)</translation>
    </message>
    <message>
        <source>CA bundle</source>
        <translation>CA 证书</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt);;All files (*)</source>
        <translation>证书 (*.pem *.crt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Server URL</source>
        <translation>服务器地址</translation>
    </message>
</context>
<context>
    <name>SheetDialog</name>
    <message>
        <source>Reprint %1</source>
        <translation>补打 %1</translation>
    </message>
    <message>
        <source>Issue %1</source>
        <translation>出证 %1</translation>
    </message>
    <message>
        <source>Case %1</source>
        <translation>办件 %1</translation>
    </message>
    <message>
        <source>Applicant: %1 (%2)</source>
        <translation>申请人：%1（%2）</translation>
    </message>
    <message>
        <source>Looking for printers…</source>
        <translation>正在查找打印机…</translation>
    </message>
    <message>
        <source>e.g. the applicant lost it, the sheet was damaged</source>
        <translation>例如：申请人遗失、证书损坏</translation>
    </message>
    <message>
        <source>S&amp;tock type</source>
        <translation>证书用纸(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Serial on the sheet</source>
        <translation>纸张印制号(&amp;S)</translation>
    </message>
    <message>
        <source>P&amp;rinter</source>
        <translation>打印机(&amp;R)</translation>
    </message>
    <message>
        <source>Re&amp;ason for the reprint</source>
        <translation>补打原因(&amp;A)</translation>
    </message>
    <message>
        <source>The serial is right: print on a sheet &amp;outside the shift&apos;s stock</source>
        <translation>印制号无误：使用本班次领用号段以外的纸张打印(&amp;O)</translation>
    </message>
    <message>
        <source>Print (Ctrl+P)</source>
        <translation>打印（Ctrl+P）</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>取消（Esc）</translation>
    </message>
    <message>
        <source>&amp;Yes, record the reprint (Enter)</source>
        <translation>是，登记补打(&amp;Y)（Enter）</translation>
    </message>
    <message>
        <source>&amp;Yes, record it (Enter)</source>
        <translation>是，登记出证(&amp;Y)（Enter）</translation>
    </message>
    <message>
        <source>&amp;No, the sheet is spoiled… (Ctrl+D)</source>
        <translation>否，该证书用纸已损坏(&amp;N)…（Ctrl+D）</translation>
    </message>
    <message>
        <source>e.g. paper jam, printed off the fields, smudged</source>
        <translation>例如：卡纸、打印错位、污损</translation>
    </message>
    <message>
        <source>&amp;Why is it spoiled?</source>
        <translation>损坏原因(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Void the sheet (Enter)</source>
        <translation>作废该纸张(&amp;V)（Enter）</translation>
    </message>
    <message>
        <source>&amp;Back: the sheet is fine</source>
        <translation>返回：纸张完好(&amp;B)</translation>
    </message>
    <message>
        <source>No stock type at this desk is meant for this certificate (%1).</source>
        <translation>本窗口没有适用于该证照的证书用纸（%1）。</translation>
    </message>
    <message>
        <source>Enter or scan the serial of the sheet in the printer.</source>
        <translation>请输入或扫描打印机中纸张的印制号。</translation>
    </message>
    <message>
        <source>Checking the serial…</source>
        <translation>正在核对印制号…</translation>
    </message>
    <message>
        <source>Confirm the serial outside the shift&apos;s stock first.</source>
        <translation>请先确认使用本班次号段以外的印制号。</translation>
    </message>
    <message>
        <source>Preparing the certificate…</source>
        <translation>正在生成证照…</translation>
    </message>
    <message>
        <source>The certificate cannot be printed as it is.</source>
        <translation>该证照当前无法打印。</translation>
    </message>
    <message>
        <source>No printer to print on.</source>
        <translation>没有可用的打印机。</translation>
    </message>
    <message>
        <source>A reprint needs a reason.</source>
        <translation>补打须填写原因。</translation>
    </message>
    <message>
        <source>Print is not possible yet:</source>
        <translation>暂不能打印：</translation>
    </message>
    <message>
        <source>No printer available</source>
        <translation>没有可用的打印机</translation>
    </message>
    <message>
        <source>This certificate&apos;s template (%1) is not installed; ask support.</source>
        <translation>该证照的模板（%1）未安装，请联系技术支持。</translation>
    </message>
    <message>
        <source>Printing on %1…</source>
        <translation>正在 %1 上打印…</translation>
    </message>
    <message>
        <source>Sent to %1 (job %2).</source>
        <translation>已发送到 %1（作业 %2）。</translation>
    </message>
    <message>
        <source>Did the sheet come out right? Check every field on sheet %1: in its box, complete, clean.</source>
        <translation>打印是否正确？请核对印制号 %1 上的每一栏：位置在框内、内容完整、清晰无污损。</translation>
    </message>
    <message>
        <source>Nothing was recorded.</source>
        <translation>未作任何登记。</translation>
    </message>
    <message>
        <source>Sheet %1 will be voided: it is never used again. Keep it for the stock keeper.</source>
        <translation>印制号 %1 将被作废，不能再使用。请将其交证书用纸保管人员留存。</translation>
    </message>
    <message>
        <source>Say why the sheet is spoiled.</source>
        <translation>请说明纸张损坏原因。</translation>
    </message>
    <message>
        <source>Sheet %1 is voided. Put the next sheet in the printer and print again, or close.</source>
        <translation>印制号 %1 已作废。请放入下一张纸重新打印，或关闭。</translation>
    </message>
    <message>
        <source>Wait: the sheet is being printed.</source>
        <translation>请稍候：正在打印。</translation>
    </message>
    <message>
        <source>Answer first: did the sheet come out right? A printed sheet must be recorded or voided.</source>
        <translation>请先回答打印是否正确。已打印的纸张必须登记出证或作废。</translation>
    </message>
</context>
<context>
    <name>ShiftSummaryDialog</name>
    <message>
        <source>End the shift</source>
        <translation>结束班次</translation>
    </message>
    <message>
        <source>The summary as it stands now. Ending the shift makes the counts final; the remaining sheets go to the next shift.</source>
        <translation>这是当前的汇总。结束班次后统计数字即为最终结果，结存纸张移交下一班次。</translation>
    </message>
    <message>
        <source>&amp;End the shift now (Ctrl+E)</source>
        <translation>立即结束班次(&amp;E)（Ctrl+E）</translation>
    </message>
    <message>
        <source>The shift ended at %1. Print the summary and hand it over with the remaining sheets.</source>
        <translation>班次已于 %1 结束。请打印汇总表，连同结存纸张一并移交。</translation>
    </message>
</context>
<context>
    <name>SignatureWindow</name>
    <message>
        <source>Signature</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>Please sign below to confirm you received: %1</source>
        <translation>请在下方签名，确认您已领取：%1</translation>
    </message>
    <message>
        <source>Clear and sign again</source>
        <translation>清除重签</translation>
    </message>
    <message>
        <source>Done (Ctrl+Enter)</source>
        <translation>完成（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Sign with your finger, the pen or the mouse.</source>
        <translation>请用手指、手写笔或鼠标签名。</translation>
    </message>
    <message>
        <source>Discard this signature? Esc again discards it; Ctrl+Enter keeps it.</source>
        <translation>要放弃此签名吗？再按 Esc 放弃，按 Ctrl+Enter 保留。</translation>
    </message>
</context>
<context>
    <name>StartShiftDialog</name>
    <message>
        <source>Start the shift</source>
        <translation>开始班次</translation>
    </message>
    <message>
        <source>Enter the serials of the sheets you take over, per stock type: the first and the last of each pack (one or more ranges). Leave a stock type empty if you have none of it.</source>
        <translation>请按证书用纸类型填写接收纸张的印制号：每包的起始号和终止号（可填多个号段）。没有的类型留空。</translation>
    </message>
    <message>
        <source>Prefilled with what the last shift left.</source>
        <translation>已按上一班次的结存预先填写。</translation>
    </message>
    <message>
        <source>e.g. %1</source>
        <translation>例如 %1</translation>
    </message>
    <message>
        <source>First</source>
        <translation>起始号</translation>
    </message>
    <message>
        <source>Last</source>
        <translation>终止号</translation>
    </message>
    <message>
        <source>Another range</source>
        <translation>再加一个号段</translation>
    </message>
    <message>
        <source>&amp;Start the shift (Ctrl+Return)</source>
        <translation>开始班次(&amp;S)（Ctrl+Return）</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>取消（Esc）</translation>
    </message>
    <message>
        <source>Enter at least one range of sheets.</source>
        <translation>请至少填写一个号段。</translation>
    </message>
    <message>
        <source>Serials of %1 look like %2.</source>
        <translation>%1的印制号格式如 %2。</translation>
    </message>
    <message>
        <source>“%1” is not a serial of %2: they look like %3.</source>
        <translation>“%1”不是%2的印制号，其格式如 %3。</translation>
    </message>
</context>
<context>
    <name>SyncPanel</name>
    <message>
        <source>%1 days</source>
        <translation>%1 天</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 小时</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Nothing is being sent right now.</source>
        <translation>当前没有正在发送的内容。</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>办件</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>What to do</source>
        <translation>处理办法</translation>
    </message>
    <message>
        <source>No record has failed.</source>
        <translation>没有发送失败的记录。</translation>
    </message>
    <message>
        <source>Send &amp;again (Ctrl+R)</source>
        <translation>重新发送(&amp;A)（Ctrl+R）</translation>
    </message>
    <message>
        <source>&amp;Let go… (Del)</source>
        <translation>放弃发送(&amp;L)…（Del）</translation>
    </message>
    <message>
        <source>Send large pages n&amp;ow (Ctrl+U)</source>
        <translation>立即发送大页面(&amp;O) (Ctrl+U)</translation>
    </message>
    <message>
        <source>Sync &amp;now (F5)</source>
        <translation>立即同步(&amp;N)（F5）</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Records that failed:</source>
        <translation>发送失败的记录：</translation>
    </message>
    <message>
        <source>Online: the server can be reached.</source>
        <translation>在线：可以连接服务器。</translation>
    </message>
    <message>
        <source>Offline: everything entered is kept here and sent when the server can be reached.</source>
        <translation>离线：录入的内容都保存在本机，连上服务器后自动发送。</translation>
    </message>
    <message>
        <source>Last successful sync: %1</source>
        <translation>上次成功同步：%1</translation>
    </message>
    <message>
        <source>Never synced with the server.</source>
        <translation>从未与服务器同步。</translation>
    </message>
    <message>
        <source>Waiting to be sent: %1 records</source>
        <translation>等待发送：%1 条记录</translation>
    </message>
    <message>
        <source>, %1 of scanned pages</source>
        <translation>，扫描页 %1</translation>
    </message>
    <message>
        <source>Nothing is waiting to be sent.</source>
        <translation>没有等待发送的内容。</translation>
    </message>
    <message>
        <source>The oldest record has been waiting for %1. Check the connection to the server, or call support if it stays offline.</source>
        <translation>最早的一条记录已等待 %1。请检查与服务器的连接；若持续离线，请联系技术支持。</translation>
    </message>
    <message>
        <source>Upload window %1: open, large scanned pages are being sent.</source>
        <translation>上传时段 %1：已开放，正在发送较大的扫描页。</translation>
    </message>
    <message>
        <source>%2 large scanned pages (%3) wait for the upload window %1; it opens at %4. For an urgent case, send them now.</source>
        <translation>%2 个较大的扫描页（%3）等待上传时段 %1，将于 %4 开放。如有急件，可立即发送。</translation>
    </message>
    <message>
        <source>Scanned pages from %5 on are sent only in the upload window %1.</source>
        <translation>%5 及以上的扫描页仅在上传时段 %1 内发送。</translation>
    </message>
    <message>
        <source>Scanned page</source>
        <translation>扫描页</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>被拒收</translation>
    </message>
    <message>
        <source>Retrying (%1 tries)</source>
        <translation>正在重试（已试 %1 次）</translation>
    </message>
    <message>
        <source>Scanned pages of this case could not be sent.</source>
        <translation>该办件的扫描页无法发送。</translation>
    </message>
    <message>
        <source>A scanned page is missing on this workstation.</source>
        <translation>本机缺少一张扫描页。</translation>
    </message>
    <message>
        <source>A scanned page on this workstation is damaged.</source>
        <translation>本机的一张扫描页已损坏。</translation>
    </message>
    <message>
        <source>The server refused the record: %1</source>
        <translation>服务器拒收了该记录：%1</translation>
    </message>
    <message>
        <source>The server already holds another record under this workstation&apos;s number for it.</source>
        <translation>服务器上已有本机以同一编号提交的另一条记录。</translation>
    </message>
    <message>
        <source>Nothing: it is retried automatically.</source>
        <translation>无需处理：会自动重试。</translation>
    </message>
    <message>
        <source>Ask support to restore the page, then send again; the case itself is kept here.</source>
        <translation>请联系技术支持恢复该页面后重新发送；办件本身保存在本机。</translation>
    </message>
    <message>
        <source>Clear it up with the back office; send again once the server accepts it, or let it go.</source>
        <translation>请与后台核实；服务器可以接收后重新发送，或放弃发送。</translation>
    </message>
    <message>
        <source>Send again once the cause is fixed, or let it go.</source>
        <translation>原因解决后重新发送，或放弃发送。</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <source> at %1/s</source>
        <translation>，速度 %1/秒</translation>
    </message>
    <message>
        <source>Sending a scanned page: %1 sent%2</source>
        <translation>正在发送扫描页：已发送 %1%2</translation>
    </message>
    <message>
        <source>The waiting large pages are sent now (%1 records).</source>
        <translation>等待中的大页面正在立即发送（%1 条记录）。</translation>
    </message>
    <message>
        <source>It is sent with the next sync.</source>
        <translation>将在下次同步时发送。</translation>
    </message>
    <message>
        <source>Let go; this is recorded.</source>
        <translation>已放弃发送，并已记录。</translation>
    </message>
    <message>
        <source>It is no longer a refused record.</source>
        <translation>该记录已不是被拒收状态。</translation>
    </message>
    <message>
        <source>Let this refused record go? It will not be sent to the server; the case stays on this workstation and your decision is recorded.</source>
        <translation>放弃发送这条被拒收的记录？它不会再发往服务器；办件仍保存在本机，您的操作将被记录。</translation>
    </message>
</context>
<context>
    <name>Training</name>
    <message>
        <source>accept</source>
        <translation>受理</translation>
    </message>
    <message>
        <source>one-time notice</source>
        <translation>一次性告知</translation>
    </message>
    <message>
        <source>refuse</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <source>the acceptance receipt</source>
        <translation>受理回执</translation>
    </message>
    <message>
        <source>the one-time notice</source>
        <translation>一次性告知书</translation>
    </message>
    <message>
        <source>the refusal</source>
        <translation>不予受理决定书</translation>
    </message>
    <message>
        <source>No case was decided for this applicant (not accepted, notified or refused).</source>
        <translation>本情景没有办结任何案件（未受理、未告知也未拒绝）。</translation>
    </message>
    <message>
        <source>The wrong service item: the case was taken in as “{chosen}”.</source>
        <translation>选错了事项：办成了“{chosen}”。</translation>
    </message>
    <message>
        <source>The applicant is wrong: “{recorded}” was entered, it should be “{expected}”.</source>
        <translation>申请人信息有误：录入的是“{recorded}”，应为“{expected}”。</translation>
    </message>
    <message>
        <source>The agent “{expected}” was not recorded.</source>
        <translation>未登记代理人“{expected}”。</translation>
    </message>
    <message>
        <source>The applicant came in person, but an agent “{recorded}” was recorded.</source>
        <translation>申请人本人办理，却登记了代理人“{recorded}”。</translation>
    </message>
    <message>
        <source>The agent is wrong: “{recorded}” was entered, it should be “{expected}”.</source>
        <translation>代理人信息有误：录入的是“{recorded}”，应为“{expected}”。</translation>
    </message>
    <message>
        <source>“{question}”: the answer is “{expected}”, “{chosen}” was chosen.</source>
        <translation>情形“{question}”应选“{expected}”，选了“{chosen}”。</translation>
    </message>
    <message>
        <source>“{material}” was handed in but not ticked as received.</source>
        <translation>申请人已提交“{material}”，但未勾选收到。</translation>
    </message>
    <message>
        <source>“{material}” is fine, but was marked defective, promised or as a licence.</source>
        <translation>“{material}”符合要求，却被标为有缺陷、容缺或电子证照。</translation>
    </message>
    <message>
        <source>“{material}” was not handed in, but was recorded as received.</source>
        <translation>申请人没有提交“{material}”，却记为已收到。</translation>
    </message>
    <message>
        <source>“{material}” has a problem ({note}) but was taken as fine.</source>
        <translation>“{material}”有问题（{note}），却当作合格材料收下。</translation>
    </message>
    <message>
        <source>“{material}”: an electronic licence could stand in (Ctrl+L); it was not used.</source>
        <translation>“{material}”可用电子证照代替（Ctrl+L），未使用。</translation>
    </message>
    <message>
        <source>“{material}” may be promised (容缺): tick it and enter the date it is due.</source>
        <translation>“{material}”可以容缺受理：请勾选容缺并填写补交日期。</translation>
    </message>
    <message>
        <source>The decision should be “{expected}”, it was “{chosen}”.</source>
        <translation>办理结果应为“{expected}”，实际为“{chosen}”。</translation>
    </message>
    <message>
        <source>The one-time notice leaves out “{material}”.</source>
        <translation>一次性告知书漏列了“{material}”。</translation>
    </message>
    <message>
        <source>The one-time notice lists “{material}”, which is not lacking.</source>
        <translation>一次性告知书多列了“{material}”（该材料并不欠缺）。</translation>
    </message>
    <message>
        <source>The refusal&apos;s reason misses the point ({keywords}).</source>
        <translation>不予受理的理由未说明要点（{keywords}）。</translation>
    </message>
    <message>
        <source>Not printed for the applicant: {document}.</source>
        <translation>未打印交给申请人：{document}。</translation>
    </message>
    <message>
        <source>{count} hint(s) used.</source>
        <translation>使用了 {count} 次提示。</translation>
    </message>
    <message>
        <source>About {minutes} minutes: over the {limit}-minute limit.</source>
        <translation>用时约 {minutes} 分钟，超过了 {limit} 分钟的时限。</translation>
    </message>
    <message>
        <source>&amp;Start a practice run…</source>
        <translation>开始练习(&amp;S)…</translation>
    </message>
    <message>
        <source>S&amp;top the practice run</source>
        <translation>结束练习(&amp;T)</translation>
    </message>
    <message>
        <source>Trainees&apos; &amp;results…</source>
        <translation>学员成绩(&amp;R)…</translation>
    </message>
    <message>
        <source>Log in first.</source>
        <translation>请先登录。</translation>
    </message>
    <message>
        <source>A practice run is under way; stop it first.</source>
        <translation>练习正在进行，请先结束本次练习。</translation>
    </message>
    <message>
        <source>No demo card “%1”.</source>
        <translation>没有名为“%1”的演示证件。</translation>
    </message>
</context>
<context>
    <name>VoidDialog</name>
    <message>
        <source>Void a spoiled sheet</source>
        <translation>作废废证</translation>
    </message>
    <message>
        <source>e.g. paper jam, torn, smudged</source>
        <translation>例如：卡纸、撕破、污损</translation>
    </message>
    <message>
        <source>&amp;Void the sheet (Enter)</source>
        <translation>作废该纸张(&amp;V)（Enter）</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>取消（Esc）</translation>
    </message>
    <message>
        <source>A voided sheet is recorded with the reason and never used again. Keep it for the stock keeper.</source>
        <translation>作废的纸张会连同原因一起登记，且不能再使用。请交证书用纸保管人员留存。</translation>
    </message>
    <message>
        <source>S&amp;tock type</source>
        <translation>证书用纸(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Serial on the sheet</source>
        <translation>纸张印制号(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>原因(&amp;R)</translation>
    </message>
    <message>
        <source>Enter the serial of the spoiled sheet.</source>
        <translation>请输入损坏纸张的印制号。</translation>
    </message>
    <message>
        <source>Say why the sheet is spoiled.</source>
        <translation>请说明纸张损坏原因。</translation>
    </message>
</context>
</TS>

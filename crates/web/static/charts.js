// Draws every chart from the ECharts option in its data-chart attribute.
// SVG rendering keeps charts sharp when printed; the table beside each
// chart carries the same figures for screen readers and for print.
document.addEventListener("DOMContentLoaded", () => {
  if (!window.echarts) return;
  const charts = [];
  for (const element of document.querySelectorAll(".chart[data-chart]")) {
    // Set through the DOM: the content security policy allows no inline style attribute.
    element.style.height = `${Number(element.dataset.height) || 320}px`;
    try {
      const chart = window.echarts.init(element, null, { renderer: "svg" });
      chart.setOption(JSON.parse(element.dataset.chart));
      charts.push(chart);
    } catch (error) {
      element.textContent = "";
    }
  }
  const resize = () => charts.forEach((chart) => chart.resize());
  window.addEventListener("resize", resize);
  window.addEventListener("beforeprint", resize);
  document.documentElement.dataset.chartsReady = String(charts.length);
});

package org.govshare.gateway.demo;

import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/**
 * The regions of the synthetic population and their weights in per mille. 441900 (东莞) holds a tenth of all
 * residents so that the return-flow client of the demo has a sizeable district to page through.
 */
final class Regions {
    /**
     * Sorted by code: residents are numbered region by region, so numbering order is ID number order and every
     * table is filled in key order, which B-trees (InnoDB's clustered index above all) absorb best.
     */
    static final List<Region> ALL = Stream.of(
                    region("110101", "北京市", "", "东城区", 25, 1.5, "东华门街道 景山街道 交道口街道 和平里街道"),
                    region("110102", "北京市", "", "西城区", 25, 1.5, "西长安街街道 新街口街道 月坛街道 展览路街道"),
                    region("110105", "北京市", "", "朝阳区", 35, 1.5, "建外街道 朝外街道 呼家楼街道 三里屯街道 望京街道"),
                    region("110106", "北京市", "", "丰台区", 25, 1.3, "右安门街道 方庄街道 卢沟桥街道"),
                    region("110108", "北京市", "", "海淀区", 30, 1.6, "中关村街道 学院路街道 海淀街道 万寿路街道"),
                    region("120101", "天津市", "", "和平区", 15, 1.2, "劝业场街道 小白楼街道 南营门街道"),
                    region("120104", "天津市", "", "南开区", 20, 1.1, "长虹街道 学府街道 万兴街道"),
                    region("310101", "上海市", "", "黄浦区", 20, 1.5, "南京东路街道 外滩街道 瑞金二路街道 豫园街道"),
                    region("310104", "上海市", "", "徐汇区", 25, 1.5, "徐家汇街道 枫林路街道 田林街道 漕河泾街道"),
                    region("310115", "上海市", "", "浦东新区", 35, 1.5, "陆家嘴街道 潍坊新村街道 花木街道 张江镇"),
                    region("500103", "重庆市", "", "渝中区", 25, 1.0, "解放碑街道 七星岗街道 大坪街道 上清寺街道"),
                    region("440103", "广东省", "广州市", "荔湾区", 20, 1.2, "沙面街道 华林街道 逢源街道"),
                    region("440104", "广东省", "广州市", "越秀区", 20, 1.3, "北京街道 农林街道 东山街道"),
                    region("440106", "广东省", "广州市", "天河区", 25, 1.4, "天河南街道 石牌街道 林和街道 猎德街道"),
                    region("440304", "广东省", "深圳市", "福田区", 25, 1.6, "园岭街道 南园街道 福田街道 香蜜湖街道"),
                    region("440305", "广东省", "深圳市", "南山区", 25, 1.7, "南头街道 南山街道 蛇口街道 粤海街道"),
                    region("440604", "广东省", "佛山市", "禅城区", 20, 1.1, "祖庙街道 石湾镇街道 张槎街道"),
                    region("441900", "广东省", "东莞市", "", 100, 1.0, "莞城街道 南城街道 东城街道 万江街道 虎门镇 长安镇 厚街镇 常平镇 塘厦镇 石龙镇 寮步镇 大朗镇"),
                    region("442000", "广东省", "中山市", "", 25, 1.0, "石岐街道 东区街道 西区街道 南区街道 小榄镇"),
                    region("320102", "江苏省", "南京市", "玄武区", 20, 1.3, "梅园新村街道 新街口街道 玄武门街道 孝陵卫街道"),
                    region("320508", "江苏省", "苏州市", "姑苏区", 20, 1.3, "平江街道 沧浪街道 金阊街道 双塔街道"),
                    region("330102", "浙江省", "杭州市", "上城区", 20, 1.4, "湖滨街道 清波街道 小营街道 南星街道"),
                    region("330106", "浙江省", "杭州市", "西湖区", 20, 1.4, "北山街道 西溪街道 翠苑街道 文新街道"),
                    region("330203", "浙江省", "宁波市", "海曙区", 20, 1.2, "鼓楼街道 月湖街道 白云街道"),
                    region("350203", "福建省", "厦门市", "思明区", 20, 1.2, "中华街道 鹭江街道 厦港街道 嘉莲街道"),
                    region("370102", "山东省", "济南市", "历下区", 20, 1.0, "解放路街道 泉城路街道 大明湖街道 千佛山街道"),
                    region("370202", "山东省", "青岛市", "市南区", 20, 1.1, "八大关街道 香港中路街道 八大峡街道"),
                    region("420102", "湖北省", "武汉市", "江岸区", 20, 1.0, "大智街道 一元街道 车站街道 西马街道"),
                    region("420106", "湖北省", "武汉市", "武昌区", 20, 1.0, "积玉桥街道 杨园街道 中华路街道 水果湖街道"),
                    region("430102", "湖南省", "长沙市", "芙蓉区", 20, 0.95, "五里牌街道 定王台街道 韭菜园街道"),
                    region("510104", "四川省", "成都市", "锦江区", 20, 1.0, "春熙路街道 书院街街道 合江亭街道 牛市口街道"),
                    region("510107", "四川省", "成都市", "武侯区", 25, 1.0, "浆洗街街道 玉林街道 望江路街道 火车南站街道"),
                    region("610103", "陕西省", "西安市", "碑林区", 20, 0.9, "南院门街道 柏树林街道 长乐坊街道 文艺路街道"),
                    region("410105", "河南省", "郑州市", "金水区", 25, 0.9, "经八路街道 花园路街道 人民路街道 文化路街道"),
                    region("130102", "河北省", "石家庄市", "长安区", 15, 0.85, "建北街道 青园街道 广安街道"),
                    region("210102", "辽宁省", "沈阳市", "和平区", 15, 0.9, "太原街街道 北市场街道 南湖街道"),
                    region("220102", "吉林省", "长春市", "南关区", 15, 0.85, "南岭街道 自由大路街道 明珠街道"),
                    region("230102", "黑龙江省", "哈尔滨市", "道里区", 15, 0.85, "兆麟街道 新阳路街道 抚顺街道"),
                    region("340104", "安徽省", "合肥市", "蜀山区", 15, 0.95, "三里庵街道 稻香村街道 琥珀街道"),
                    region("360102", "江西省", "南昌市", "东湖区", 15, 0.85, "公园街道 八一桥街道 百花洲街道"),
                    region("450103", "广西壮族自治区", "南宁市", "青秀区", 15, 0.85, "新竹街道 中山街道 津头街道", "壮族"),
                    region("520102", "贵州省", "贵阳市", "南明区", 15, 0.85, "花果园街道 河滨街道 遵义路街道", "苗族"),
                    region("530102", "云南省", "昆明市", "五华区", 15, 0.85, "华山街道 护国街道 大观街道", "彝族"),
                    region("650102", "新疆维吾尔自治区", "乌鲁木齐市", "天山区", 15, 0.9, "燕儿窝街道 胜利路街道 团结路街道", "维吾尔族"))
            .sorted(Comparator.comparing(Region::code))
            .toList();

    /** Sum of all weights. */
    static final int TOTAL_WEIGHT = ALL.stream().mapToInt(Region::weight).sum();

    private Regions() {}

    /** Picks a region with probability proportional to its weight. */
    static Region pick(RandomGenerator random) {
        int ticket = random.nextInt(TOTAL_WEIGHT);
        for (Region region : ALL) {
            ticket -= region.weight();
            if (ticket < 0) {
                return region;
            }
        }
        throw new AssertionError("ticket beyond total weight");
    }

    private static Region region(
            String code,
            String province,
            String city,
            String district,
            int weight,
            double incomeLevel,
            String streets) {
        return region(code, province, city, district, weight, incomeLevel, streets, "");
    }

    private static Region region(
            String code,
            String province,
            String city,
            String district,
            int weight,
            double incomeLevel,
            String streets,
            String localEthnicity) {
        return new Region(
                code, province, city, district, List.of(streets.split(" ")), weight, incomeLevel, localEthnicity);
    }
}

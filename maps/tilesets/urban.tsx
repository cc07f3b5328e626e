<?xml version="1.0" encoding="UTF-8"?>
<tileset version="1.8" tiledversion="1.8.2" name="urban" tilewidth="32" tileheight="32" tilecount="32" columns="8">
 <image source="urban.png" width="256" height="128"/>
 <tile id="0">
  <properties>
   <property name="terrain" value="road"/>
   <property name="tile_name" value="road"/>
  </properties>
 </tile>
 <tile id="1">
  <properties>
   <property name="terrain" value="road"/>
   <property name="tile_name" value="road_line_h"/>
  </properties>
 </tile>
 <tile id="2">
  <properties>
   <property name="terrain" value="road"/>
   <property name="tile_name" value="road_line_v"/>
  </properties>
 </tile>
 <tile id="3">
  <properties>
   <property name="terrain" value="road"/>
   <property name="tile_name" value="road_crossing"/>
  </properties>
 </tile>
 <tile id="4">
  <properties>
   <property name="terrain" value="open"/>
   <property name="tile_name" value="sidewalk"/>
  </properties>
 </tile>
 <tile id="5">
  <properties>
   <property name="terrain" value="alley"/>
   <property name="tile_name" value="alley"/>
  </properties>
 </tile>
 <tile id="6">
  <properties>
   <property name="terrain" value="open"/>
   <property name="tile_name" value="open"/>
  </properties>
 </tile>
 <tile id="7">
  <properties>
   <property name="terrain" value="courtyard"/>
   <property name="tile_name" value="courtyard"/>
  </properties>
 </tile>
 <tile id="8">
  <properties>
   <property name="terrain" value="open"/>
   <property name="tile_name" value="grass"/>
  </properties>
 </tile>
 <tile id="9">
  <properties>
   <property name="terrain" value="trees"/>
   <property name="tile_name" value="trees"/>
  </properties>
 </tile>
 <tile id="10">
  <properties>
   <property name="terrain" value="trees"/>
   <property name="tile_name" value="palms"/>
  </properties>
 </tile>
 <tile id="11">
  <properties>
   <property name="terrain" value="wall"/>
   <property name="tile_name" value="wall"/>
  </properties>
 </tile>
 <tile id="12">
  <properties>
   <property name="building_hp" type="int" value="30"/>
   <property name="collapse_tile" type="int" value="21"/>
   <property name="height" type="float" value="1"/>
   <property name="terrain" value="building"/>
   <property name="tile_name" value="building_1"/>
  </properties>
 </tile>
 <tile id="13">
  <properties>
   <property name="building_hp" type="int" value="40"/>
   <property name="collapse_tile" type="int" value="21"/>
   <property name="height" type="float" value="2"/>
   <property name="terrain" value="building"/>
   <property name="tile_name" value="building_2"/>
  </properties>
 </tile>
 <tile id="14">
  <properties>
   <property name="building_hp" type="int" value="55"/>
   <property name="collapse_tile" type="int" value="21"/>
   <property name="height" type="float" value="3"/>
   <property name="terrain" value="building"/>
   <property name="tile_name" value="building_3"/>
  </properties>
 </tile>
 <tile id="15">
  <properties>
   <property name="building_hp" type="int" value="70"/>
   <property name="collapse_tile" type="int" value="21"/>
   <property name="height" type="float" value="4"/>
   <property name="terrain" value="building"/>
   <property name="tile_name" value="building_4"/>
  </properties>
 </tile>
 <tile id="16">
  <properties>
   <property name="building_hp" type="int" value="80"/>
   <property name="collapse_tile" type="int" value="21"/>
   <property name="height" type="float" value="2"/>
   <property name="terrain" value="building"/>
   <property name="tile_name" value="mosque"/>
  </properties>
 </tile>
 <tile id="17">
  <properties>
   <property name="building_hp" type="int" value="50"/>
   <property name="collapse_tile" type="int" value="21"/>
   <property name="height" type="float" value="4"/>
   <property name="terrain" value="building"/>
   <property name="tile_name" value="minaret"/>
  </properties>
 </tile>
 <tile id="18">
  <properties>
   <property name="building_hp" type="int" value="20"/>
   <property name="collapse_tile" type="int" value="21"/>
   <property name="height" type="float" value="1"/>
   <property name="terrain" value="building"/>
   <property name="tile_name" value="market"/>
  </properties>
 </tile>
 <tile id="19">
  <properties>
   <property name="terrain" value="rubble"/>
   <property name="tile_name" value="rubble"/>
  </properties>
 </tile>
 <tile id="20">
  <properties>
   <property name="terrain" value="heavy_rubble"/>
   <property name="tile_name" value="heavy_rubble"/>
  </properties>
 </tile>
 <tile id="21">
  <properties>
   <property name="terrain" value="heavy_rubble"/>
   <property name="tile_name" value="collapsed"/>
  </properties>
 </tile>
 <tile id="22">
  <properties>
   <property name="terrain" value="berm"/>
   <property name="tile_name" value="berm"/>
  </properties>
 </tile>
 <tile id="23">
  <properties>
   <property name="terrain" value="water"/>
   <property name="tile_name" value="water"/>
  </properties>
 </tile>
 <tile id="24">
  <properties>
   <property name="height" type="float" value="1"/>
   <property name="terrain" value="ruins"/>
   <property name="tile_name" value="ruins_low"/>
  </properties>
 </tile>
 <tile id="25">
  <properties>
   <property name="height" type="float" value="2"/>
   <property name="terrain" value="ruins"/>
   <property name="tile_name" value="ruins_high"/>
  </properties>
 </tile>
 <tile id="26">
  <properties>
   <property name="terrain" value="open"/>
   <property name="tile_name" value="sand"/>
  </properties>
 </tile>
 <tile id="27">
  <properties>
   <property name="cover" type="float" value="0.4"/>
   <property name="obscuration" type="float" value="0.2"/>
   <property name="terrain" value="heavy_rubble"/>
   <property name="tile_name" value="wreck"/>
  </properties>
 </tile>
 <tile id="28">
  <properties>
   <property name="terrain" value="open"/>
   <property name="tile_name" value="field"/>
  </properties>
 </tile>
 <tile id="29">
  <properties>
   <property name="building_hp" type="int" value="35"/>
   <property name="collapse_tile" type="int" value="21"/>
   <property name="height" type="float" value="2"/>
   <property name="terrain" value="building"/>
   <property name="tile_name" value="shop_front"/>
  </properties>
 </tile>
 <tile id="30">
  <properties>
   <property name="terrain" value="open"/>
   <property name="tile_name" value="tyres"/>
  </properties>
 </tile>
 <tile id="31">
  <properties>
   <property name="terrain" value="open"/>
   <property name="tile_name" value="parked_car"/>
  </properties>
 </tile>
</tileset>
